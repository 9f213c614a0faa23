import { healthOutput } from '@crm/schema';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../lib/context';
import { createRouter, route } from '../lib/route';

/** Health, public (mounted before the key check in app.ts), for load balancers and uptime checks. */
export const systemRoutes = (deps: AppDeps) =>
  createRouter().get(
    '/health',
    route({
      tag: 'System',
      permission: 'public',
      summary: 'Health check',
      responses: { 200: { description: 'The database answers.', json: healthOutput } },
    }),
    async (c) => {
      await deps.db.run(sql`SELECT 1`);
      return c.json({ status: 'ok' as const }, 200);
    },
  );
