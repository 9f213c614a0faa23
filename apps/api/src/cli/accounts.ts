import { formatTime, type KeyScope } from '@crm/schema';
import { createToken, createUser, deleteToken, findUserByName, listTokens, setPassword } from '../auth/auth.queries';
import type { Db } from '../db/types';
import { linkPrincipal, unmatchedPrincipals } from '../users/users.queries';
import { CliError, UsageError } from './errors';
import { readNewPassword } from './password';

/** Django's username rule: letters, digits and @ . + - _, at most 150. */
const USERNAME = /^[\w.@+-]{1,150}$/;

/** `user create <name>`: creates the user, or sets a new password when the user exists. */
export async function userCreate(db: Db, username: string): Promise<string> {
  if (!USERNAME.test(username)) {
    throw new UsageError(`"${username}" is not a valid username: use letters, digits and @ . + - _ (at most 150).`);
  }
  const password = await readNewPassword();
  if (await createUser(db, username, password)) return `Created user "${username}".`;
  await setPassword(db, username, password);
  return `User "${username}" existed: its password was changed (its API keys still work; revoke them with \`token revoke\`).`;
}

/** `token create <name>`: the key alone, so `KEY=$(bun run crm token create ann)` works. */
export async function tokenCreate(db: Db, username: string, name: string, scope: KeyScope = 'write'): Promise<string> {
  const { key } = await createToken(db, (await existingUser(db, username)).id, name, scope);
  return key;
}

async function existingUser(db: Db, username: string) {
  const user = await findUserByName(db, username);
  if (!user) throw new CliError(`No user "${username}": create one with \`bun run crm user create ${username}\`.`);
  return user;
}

/** `owners`: the principals no user's username or display name matches, most customers first. */
export async function ownersList(db: Db): Promise<string> {
  const rows = await unmatchedPrincipals(db);
  if (rows.length === 0) return 'Every customer has an owner.';
  return rows.map((row) => `${String(row.n).padStart(8)}  ${row.principal}`).join('\n');
}

/** `owners link "Jane Smith" jane`: jane owns the unowned customers whose principal is "Jane Smith". */
export async function ownersLink(db: Db, principal: string, username: string): Promise<string> {
  const user = await existingUser(db, username);
  const linked = await linkPrincipal(db, principal, user.id, null);
  return `Linked ${linked} customer${linked === 1 ? '' : 's'} with principal "${principal}" to ${username}.`;
}

/** `token list`: every key's id, owner, name and times; the keys themselves are not stored. */
export async function tokenList(db: Db): Promise<string> {
  const rows = await listTokens(db);
  if (rows.length === 0) return 'No API keys.';
  const table = [
    ['ID', 'USER', 'NAME', 'CREATED', 'LAST USED'],
    ...rows.map((row) => [
      String(row.id),
      row.username,
      row.name || '-',
      formatTime(row.created_at),
      row.last_used_at === null ? 'never' : formatTime(row.last_used_at),
    ]),
  ];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((line) => line[column]?.length ?? 0))) ?? [];
  return table
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function tokenRevoke(db: Db, id: string): Promise<string> {
  if (!/^\d{1,15}$/.test(id)) throw new UsageError(`"${id}" is not a key id: see \`token list\`.`);
  if (!(await deleteToken(db, Number(id)))) throw new CliError(`No API key with id ${id}.`);
  return `Revoked API key ${id}.`;
}
