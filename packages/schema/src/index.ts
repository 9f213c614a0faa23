/**
 * The contract shared by the API and the admin. Browser-safe: the drizzle tables live behind
 * the `@crm/schema/tables` subpath so the admin bundle never pulls in drizzle, and the choice
 * lists also behind `@crm/schema/choices`, for screens that must not load zod.
 */
export * from './audit';
export * from './choices';
export * from './customer';
export * from './errors';
export * from './fields';
export * from './follow-up';
export * from './import-report';
export * from './search';
export * from './time';
