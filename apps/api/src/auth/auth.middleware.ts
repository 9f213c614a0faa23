import { userInactive } from '@crm/schema';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../lib/context';
import { DrfError } from '../lib/errors';
import { findToken, LAST_USED_RESOLUTION_MS, touchToken } from './auth.queries';
import { constantTimeEqual, hashKey } from './crypto';

const challenge = { 'WWW-Authenticate': 'Token' };
const notProvided = () => new DrfError(401, { detail: 'Authentication credentials were not provided.' }, challenge);
const invalidToken = () => new DrfError(401, { detail: 'Invalid token.' }, challenge);
const inactiveUser = () => new DrfError(401, { detail: userInactive }, challenge);

/**
 * `Authorization: Token <key>` (DRF) or `Bearer <key>`. The key is looked up by its SHA-256,
 * then compared in constant time; `last_used_at` is written at most once a minute. Mounted after
 * the public routes (app.ts), which answer before it runs: it needs no list of them. A disabled
 * user's keys answer 401 (DRF's words for an inactive user). What the user may do is each
 * route's `permission` (lib/route.ts).
 */
export function requireAuth(deps: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw notProvided();
    const match = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw invalidToken();
    const keyHash = await hashKey(match[1]);
    const token = await findToken(deps.db, keyHash);
    if (!token || !constantTimeEqual(token.key_hash, keyHash)) throw invalidToken();
    if (token.disabled) throw inactiveUser();
    const now = deps.now();
    if (token.last_used_at === null || token.last_used_at < now - LAST_USED_RESOLUTION_MS) {
      await touchToken(deps.db, token.id, now);
    }
    c.set('user', {
      id: token.user_id,
      username: token.username,
      displayName: token.display_name,
      role: token.role,
      // A key never does more than its user's role: the role is checked beside the scope (route()).
      scope: token.scope,
      tokenId: token.id,
    });
    return next();
  });
}
