import { purgeAuditBefore } from '../audit/audit.queries';
import { purgeTrashedBefore } from '../customers/customers.crud';
import type { Db } from '../db/types';
import type { Env } from '../env';

/**
 * The trash and the change history past their retention, purged hourly so neither grows without
 * bound: by a timer on Bun (bun-server/server.ts, once per server whatever WORKERS), by a cron trigger on Workers (worker.ts).
 */
export async function purgeExpired(db: Db, env: Pick<Env, 'TRASH_DAYS' | 'AUDIT_RETENTION_DAYS'>, now = Date.now()) {
  const purged = await purgeTrashedBefore(db, now - env.TRASH_DAYS * 86_400_000);
  if (purged > 0) console.log(`Purged ${purged} customer(s) deleted more than ${env.TRASH_DAYS} days ago.`);
  await purgeAuditBefore(db, now - env.AUDIT_RETENTION_DAYS * 86_400_000);
}
