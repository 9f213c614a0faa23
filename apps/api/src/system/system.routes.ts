import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Public endpoints: health. (OpenAPI and docs are mounted beside it in app.ts.) */
export const systemRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>({ strict: false }).get('/health', async (c) => {
    await deps.db.run(sql`SELECT 1`);
    return c.json({ status: 'ok' as const }, 200);
  });
