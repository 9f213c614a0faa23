import {
  allows,
  createdKeyOutput,
  formatTime,
  isPasswordAllowed,
  keyCreateInput,
  keyList,
  loginInput,
  type Me,
  meOutput,
  passwordChangeInput,
  passwordTooSimilar,
  permissions,
  tokenOutput,
} from '@crm/schema';
import type { AppDeps } from '../lib/context';
import { DrfError, notFound } from '../lib/errors';
import { createRouter, route } from '../lib/route';
import { idParam, jsonBody, validate } from '../lib/validate';
import { createToken, deleteOwnToken, deleteToken, findUserByName, listTokens, setPassword } from './auth.queries';
import { decoyPasswordHash, verifyPassword } from './crypto';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-limit';

const badCredentials = () => new DrfError(400, { non_field_errors: ['Unable to log in with provided credentials.'] });

/** DRF's obtain_auth_token, mounted at /api/auth before the key check: it is how a key is got. */
export const loginRoutes = (deps: AppDeps) =>
  createRouter().post(
    '/token',
    route({
      tag: 'Auth',
      permission: 'public',
      summary: 'Log in: get a key',
      description:
        'DRF\'s `obtain_auth_token`: a new random key (scope `write`) for the user, named `login`; a disabled user cannot log in. Send it as `Authorization: Token <key>`. Wrong credentials answer `400 {"non_field_errors": ["Unable to log in with provided credentials."]}`.',
      responses: { 200: { description: 'The new key.', json: tokenOutput }, 429: 'TooManyRequests' },
    }),
    jsonBody(loginInput),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const attempt = { username, address: deps.clientAddress(c) };
      await checkLoginAllowed(deps.db, attempt, deps.now());
      const user = await findUserByName(deps.db, username);
      // Hash even when the user does not exist, so the answer's timing does not reveal it.
      const ok = await verifyPassword(password, user?.password_hash ?? decoyPasswordHash);
      if (!user || !ok || user.disabled) {
        await recordLoginFailure(deps.db, attempt, deps.now());
        throw badCredentials();
      }
      await clearLoginFailures(deps.db, username);
      const { key } = await createToken(deps.db, user.id, 'login');
      return c.json({ token: key }, 200);
    },
  );

/** What a key does with itself, mounted at /api/auth behind the key check. */
export const sessionRoutes = (deps: AppDeps) =>
  createRouter()
    .post(
      '/logout',
      route({
        tag: 'Auth',
        permission: 'account:read',
        summary: 'Log out: revoke the key of this request',
        responses: { 204: { description: 'The key no longer works.' } },
      }),
      async (c) => {
        await deleteToken(deps.db, c.var.user.tokenId);
        return c.body(null, 204);
      },
    )
    .get(
      '/me',
      route({
        tag: 'Auth',
        permission: 'account:read',
        summary: 'Who the key belongs to, and what it may do',
        responses: { 200: { description: 'The user.', json: meOutput } },
      }),
      (c) => {
        const { id, username, displayName, role, scope } = c.var.user;
        const body: Me = {
          id: String(id),
          username,
          display_name: displayName,
          role,
          scope,
          permissions: permissions.filter((permission) => allows(permission, role, scope)),
        };
        return c.json(body, 200);
      },
    )
    .post(
      '/password',
      route({
        tag: 'Auth',
        permission: 'account:write',
        summary: 'Change my password',
        description:
          'The old password is required. The new one has at least 10 characters and is not the username. Keys keep working (revoke them under `/api/auth/keys/`).',
        responses: { 204: { description: 'Changed.' } },
      }),
      jsonBody(passwordChangeInput),
      async (c) => {
        const { old_password, new_password } = c.req.valid('json');
        const user = await findUserByName(deps.db, c.var.user.username);
        if (!user || !(await verifyPassword(old_password, user.password_hash))) {
          throw new DrfError(400, { old_password: ['Your old password was entered incorrectly.'] });
        }
        if (!isPasswordAllowed(new_password, user.username)) {
          throw new DrfError(400, { new_password: [passwordTooSimilar] });
        }
        await setPassword(deps.db, user.username, new_password);
        return c.body(null, 204);
      },
    )
    .get(
      '/keys',
      route({
        tag: 'Auth',
        permission: 'account:read',
        summary: 'My keys (logins and API keys)',
        description: 'Never the keys themselves: they are stored hashed.',
        responses: { 200: { description: 'The keys, oldest first.', json: keyList } },
      }),
      async (c) => {
        const rows = await listTokens(deps.db, c.var.user.id);
        return c.json(
          rows.map((row) => serializeKey(row, c.var.user.tokenId)),
          200,
        );
      },
    )
    .post(
      '/keys',
      route({
        tag: 'Auth',
        permission: 'account:write',
        summary: 'Create a key for myself',
        description:
          'A `read` key answers only what needs read (GET routes); a `write` key all my role may. A key never does more than my role.',
        responses: { 201: { description: 'The new key, shown once.', json: createdKeyOutput } },
      }),
      jsonBody(keyCreateInput),
      async (c) => {
        const { name, scope } = c.req.valid('json');
        const row = await createToken(deps.db, c.var.user.id, name, scope);
        return c.json({ ...serializeKey(row, c.var.user.tokenId), key: row.key }, 201);
      },
    )
    .delete(
      '/keys/:id',
      route({
        tag: 'Auth',
        permission: 'account:write',
        summary: 'Revoke one of my keys',
        description: "It stops working at once. Another user's key answers 404.",
        responses: { 204: { description: 'Revoked.' } },
      }),
      validate('param', idParam),
      async (c) => {
        if (!(await deleteOwnToken(deps.db, c.var.user.id, c.req.valid('param').id))) throw notFound();
        return c.body(null, 204);
      },
    );

interface KeyRow {
  id: number;
  name: string;
  scope: 'read' | 'write';
  created_at: number;
  last_used_at: number | null;
}

const serializeKey = (row: KeyRow, currentTokenId: number) => ({
  id: String(row.id),
  name: row.name,
  scope: row.scope,
  created_at: formatTime(row.created_at),
  last_used_at: row.last_used_at === null ? null : formatTime(row.last_used_at),
  current: row.id === currentTokenId,
});
