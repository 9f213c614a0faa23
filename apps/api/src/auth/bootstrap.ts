import type { Db } from '../db/types';
import { countUsers, createUser } from './auth.queries';
import { generatePassword } from './crypto';

/**
 * First start on an empty database: create `admin` with ADMIN_PASSWORD or a random password,
 * and say it once. Returns the line to print, or null when users already exist.
 */
export async function bootstrapAdmin(db: Db, adminPassword?: string): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = adminPassword ?? generatePassword();
  const created = await createUser(db, 'admin', password, { role: 'admin' });
  if (!created) return null; // another instance won the race
  return adminPassword
    ? 'Created user "admin" with the password from ADMIN_PASSWORD.'
    : `Created user "admin" with password: ${password}  (shown once; change it with \`bun run crm user create admin\`)`;
}
