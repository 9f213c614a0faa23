import { loginInput, meOutput, tokenOutput } from '@crm/schema';
import type { AppDeps } from '../lib/context';
import { DrfError } from '../lib/errors';
import { createRouter, route } from '../lib/route';
import { jsonBody } from '../lib/validate';
import { createToken, deleteToken, findUserByName } from './auth.queries';
import { decoyPasswordHash, verifyPassword } from './crypto';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-limit';

const badCredentials = () => new DrfError(400, { non_field_errors: ['Unable to log in with provided credentials.'] });

/** DRF's obtain_auth_token, mounted at /api/auth before the key check: it is how a key is got. */
export const loginRoutes = (deps: AppDeps) =>
  createRouter().post(
    '/token',
    route({
      tag: 'Auth',
      summary: 'Log in: get a key',
      description:
        'DRF\'s `obtain_auth_token`: a new random key for the user, named `login`. Send it as `Authorization: Token <key>`. Wrong credentials answer `400 {"non_field_errors": ["Unable to log in with provided credentials."]}`.',
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
      if (!user || !ok) {
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
        summary: 'Who the key belongs to',
        responses: { 200: { description: 'The user.', json: meOutput } },
      }),
      (c) => c.json({ username: c.var.user.username }, 200),
    );
