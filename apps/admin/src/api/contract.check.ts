import type {
  AuditEntry,
  customerInput,
  followUpInput,
  ImportReport,
  Customer as SchemaCustomer,
  FollowUp as SchemaFollowUp,
} from '@crm/schema';
import type { InferResponseType } from 'hono/client';
import type * as z from 'zod';
import type { api } from './client';
import type {
  AuditChange,
  Customer,
  CustomerCreate,
  CustomerDetail,
  FollowUpCreate,
  FollowUpEntry,
  TrashedCustomer,
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

export type ContractChecks = [
  Expect<Equal<Customer, SchemaCustomer>>,
  Expect<Equal<FollowUpEntry, SchemaFollowUp>>,
  Expect<Equal<Flat<Omit<CustomerDetail, 'follow_up_log'>>, SchemaCustomer>>,
  Expect<Equal<Flat<Omit<TrashedCustomer, 'deleted_at' | 'purge_at'>>, SchemaCustomer>>,
  Expect<Equal<AuditChange, AuditEntry>>,
  Expect<Equal<ImportAnswer, ImportReport>>,
  // What the forms send is what the shared schemas accept.
  Expect<Equal<CustomerCreate, z.input<typeof customerInput>>>,
  Expect<Equal<FollowUpCreate, z.input<typeof followUpInput>>>,
];
