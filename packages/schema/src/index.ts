/**
 * The contract shared by the API and the admin. Browser-safe: the drizzle tables live behind
 * the `@crm/schema/tables` subpath so the admin bundle never pulls in drizzle.
 */
export * from './audit';
export * from './auth';
export * from './choices';
export * from './customer';
export * from './examples';
export * from './fields';
export * from './follow-up';
export * from './import-report';
export * from './responses';
export * from './search';
export * from './time';
export * from './users';
