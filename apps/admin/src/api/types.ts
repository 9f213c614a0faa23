import type { InferRequestType, InferResponseType } from 'hono/client';
import type { api } from './client';

/** Shapes inferred from the server's routes: nothing here is written by hand. */
export type CustomerPage = InferResponseType<typeof api.customer.customers.$get, 200>;
export type Customer = CustomerPage['results'][number];
export type CustomerDetail = InferResponseType<(typeof api.customer.detail)[':id']['$get'], 200>;
export type FollowUpEntry = CustomerDetail['follow_up_log'][number];
export type TrashPage = InferResponseType<typeof api.customer.trash.$get, 200>;
export type TrashedCustomer = TrashPage['results'][number];
export type CustomerCreate = InferRequestType<typeof api.customer.customers.$post>['json'];
export type FollowUpCreate = InferRequestType<(typeof api.customer)['follow-up']['$post']>['json'];
export type AuditPage = InferResponseType<typeof api.audit.$get, 200>;
export type AuditChange = AuditPage['results'][number];
export type Me = InferResponseType<typeof api.auth.me.$get, 200>;
export type User = InferResponseType<typeof api.users.$get, 200>[number];
export type CreatedUser = InferResponseType<typeof api.users.$post, 201>;
export type UserUpdate = InferRequestType<(typeof api.users)[':id']['$patch']>['json'];
export type DirectoryEntry = InferResponseType<typeof api.users.directory.$get, 200>[number];
export type AccountKey = InferResponseType<typeof api.auth.keys.$get, 200>[number];
export type CreatedKey = InferResponseType<typeof api.auth.keys.$post, 201>;
