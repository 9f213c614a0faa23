import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the shared tables and committed; the server applies them at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: '../../packages/schema/src/tables.ts',
  out: './drizzle',
});
