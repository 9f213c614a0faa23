import type { Customer as SchemaCustomer, FollowUp as SchemaFollowUp } from '@crm/schema';
import type { Customer, FollowUpEntry } from './types';

/**
 * Compile-time checks (run by `typecheck`, never bundled): what the typed client infers from the
 * server's routes is exactly the shape the shared schema describes, so a server change that
 * would break the admin fails the admin's typecheck.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type ContractChecks = [Expect<Equal<Customer, SchemaCustomer>>, Expect<Equal<FollowUpEntry, SchemaFollowUp>>];
