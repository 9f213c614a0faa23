import type {
  AuditEntry,
  auditPage,
  choiceOptions,
  customerInput,
  customerPage,
  followUpInput,
  followUpPage,
  healthOutput,
  ImportReport,
  loginInput,
  meOutput,
  Customer as SchemaCustomer,
  CustomerDetail as SchemaCustomerDetail,
  FollowUp as SchemaFollowUp,
  TrashedCustomer as SchemaTrashedCustomer,
  tokenOutput,
  trashPage,
} from '@crm/schema';
import type { InferRequestType, InferResponseType } from 'hono/client';
import type * as z from 'zod';
import type { api } from './client';
import type {
  AuditChange,
  AuditPage,
  Customer,
  CustomerCreate,
  CustomerDetail,
  CustomerPage,
  FollowUpCreate,
  FollowUpEntry,
  TrashedCustomer,
  TrashPage,
} from './types';

/**
 * Compile-time checks (run by `typecheck`, never bundled): what the typed client infers from the
 * server's routes is exactly the shape the shared schema describes, so a server change that
 * would break the admin fails the admin's typecheck.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** An object type written out, so that `Omit` and intersections compare equal to a plain one. */
type Flat<T> = { [K in keyof T]: T[K] };

type ImportAnswer = InferResponseType<typeof api.customer.import.$post, 200>;
type Answer<T extends z.ZodType> = z.output<T>;
type Login = InferRequestType<typeof api.auth.token.$post>['json'];

export type ContractChecks = [
  Expect<Equal<Customer, SchemaCustomer>>,
  Expect<Equal<FollowUpEntry, SchemaFollowUp>>,
  Expect<Equal<Flat<Omit<CustomerDetail, 'follow_up_log'>>, SchemaCustomer>>,
  Expect<Equal<Flat<Omit<TrashedCustomer, 'deleted_at' | 'purge_at'>>, SchemaCustomer>>,
  // Every answer shape of packages/schema (responses.ts, auth.ts) is what the routes answer.
  Expect<Equal<CustomerDetail, SchemaCustomerDetail>>,
  Expect<Equal<TrashedCustomer, SchemaTrashedCustomer>>,
  Expect<Equal<CustomerPage, Answer<typeof customerPage>>>,
  Expect<Equal<TrashPage, Answer<typeof trashPage>>>,
  Expect<Equal<InferResponseType<(typeof api.customer)['follow-up']['$get'], 200>, Answer<typeof followUpPage>>>,
  Expect<Equal<AuditPage, Answer<typeof auditPage>>>,
  Expect<Equal<InferResponseType<typeof api.customer.options.$get, 200>, Answer<typeof choiceOptions>>>,
  Expect<Equal<InferResponseType<typeof api.auth.token.$post, 200>, Answer<typeof tokenOutput>>>,
  Expect<Equal<InferResponseType<typeof api.auth.me.$get, 200>, Answer<typeof meOutput>>>,
  Expect<Equal<InferResponseType<typeof api.health.$get, 200>, Answer<typeof healthOutput>>>,
  Expect<Equal<Login, z.input<typeof loginInput>>>,
  Expect<Equal<AuditChange, AuditEntry>>,
  Expect<Equal<ImportAnswer, ImportReport>>,
  // What the forms send is what the shared schemas accept.
  Expect<Equal<CustomerCreate, z.input<typeof customerInput>>>,
  Expect<Equal<FollowUpCreate, z.input<typeof followUpInput>>>,
];
