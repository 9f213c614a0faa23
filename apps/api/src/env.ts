import * as z from 'zod';

/**
 * The one place that reads the environment. `parseEnv` takes `process.env` on Bun or the
 * bindings object on Workers, and fails with one readable line instead of a stack trace.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * Bun: how many server processes share the port (`reusePort`) and the database file; unset,
   * one per core. 1 serves from a single process (bun-server/server.ts).
   */
  WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  /** Set by the primary process for the worker processes it starts (their number, from 1); not for operators. */
  CRM_WORKER: z.coerce.number().int().min(1).optional(),
  /** Set by the primary too: the Unix socket where worker 1 takes the other workers' writes. */
  CRM_WRITER_SOCKET: z.string().optional(),
  DATABASE_URL: z.string().min(1).default('file:data/crm.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** Optional: the Turso primary (libsql://…) that a `file:` DATABASE_URL is an embedded replica of. */
  DATABASE_SYNC_URL: z.string().optional(),
  /**
   * Seconds between an embedded replica's pulls from the primary: how long another instance's
   * writes may take to show here (this instance's own writes show at once).
   */
  DATABASE_SYNC_INTERVAL: z.coerce.number().int().min(1).default(15),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  TRASH_DAYS: z.coerce.number().int().min(0).default(30),
  /** `own`: a `sales` user's lists, search, detail and export hold only the customers they own. */
  VISIBILITY: z.enum(['all', 'own']).default('all'),
  /** Days the change history is kept; older entries are purged hourly, so the table stays bounded. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /**
   * A header set by a trusted reverse proxy with the client's address (e.g. X-Forwarded-For,
   * CF-Connecting-IP), for the login rate limit. Unset: the socket's address. Set it only behind
   * a proxy that overwrites the header, or clients choose their own address.
   */
  CLIENT_IP_HEADER: z.string().optional(),
  /** Comma-separated origins allowed by CORS; empty keeps CORS closed. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    ),
  /** Where the built admin app lives; the server serves it at `/`. */
  ADMIN_DIST: z.string().optional(),
  LOG_REQUESTS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, unknown>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

/**
 * Bun and the CLI: the process environment, parsed once by each entry point (bun-server/main.ts,
 * cli/main.ts) and handed down. (Workers pass their bindings to parseEnv.)
 */
export const loadEnv = () => parseEnv(process.env);

/**
 * The environment of worker process `index` (bun-server/workers.ts): this process's, with its
 * number, the port every worker shares and the writer's socket.
 */
export const workerEnvironment = (
  index: number,
  port: number,
  writerSocket: string,
): Record<string, string | undefined> => ({
  ...process.env,
  CRM_WORKER: String(index),
  CRM_WRITER_SOCKET: writerSocket,
  PORT: String(port),
});
