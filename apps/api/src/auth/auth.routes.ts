import { messages, requiredText } from '@crm/schema';
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppDeps, AppEnv } from '../lib/context';
import { DrfError } from '../lib/errors';
import { requireJsonObject, validate } from '../lib/validate';
import { createToken, deleteToken, findUserByName } from './auth.queries';
import { decoyPasswordHash, verifyPassword } from './crypto';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-limit';

export const loginInput = z.object({
  username: requiredText(150),
  // Not requiredText: a password is not trimmed (DRF's trim_whitespace=False). Each check names
  // its message, since a schema-level message would also answer a wrong type or a long password.
  password: z
    .string({
      error: (issue) =>
        issue.input === undefined ? messages.required : issue.input === null ? messages.null : messages.notString,
    })
    .min(1, { error: messages.blank })
    .max(1024, { error: messages.maxLength(1024) }),
});

const badCredentials = () => new DrfError(400, { non_field_errors: ['Unable to log in with provided credentials.'] });

/** DRF's obtain_auth_token, plus logout and me. */
export const authRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>({ strict: false })
    .post('/token', requireJsonObject, validate('json', loginInput), async (c) => {
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
    })
    .post('/logout', async (c) => {
      await deleteToken(deps.db, c.var.user.tokenId);
      return c.body(null, 204);
    })
    .get('/me', (c) => c.json({ username: c.var.user.username }, 200));
