/**
 * The contract shared by the API and the admin. Browser-safe: the drizzle tables live behind
 * the `@crm/schema/tables` subpath so the admin bundle never pulls in drizzle. The choice lists
 * and the DRF error words are also behind `@crm/schema/choices` and `@crm/schema/errors`, which
 * load no zod, for the admin's first screens.
 */
export * from './audit';
export * from './auth';
export * from './choices';
export * from './customer';
export * from './errors';
export * from './examples';
export * from './fields';
export * from './follow-up';
export * from './import-report';
export * from './responses';
export * from './search';
export * from './time';
export * from './users';
