import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The admin SPA (Vite build): its own scripts and styles only. Styles allow 'unsafe-inline'
 * because Vue sets `style` attributes (transitions, bindings); scripts never run inline, so a
 * stored `<script>` that slipped past Vue's escaping would still not run.
 */
const appPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * /api/docs: Swagger UI boots from an inline script and styles itself inline. Its files come
 * from this server (node_modules on Bun, the admin's assets on Workers; see docs.routes.ts).
 */
const docsPolicy = {
  ...appPolicy,
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
};

const appHeaders = secureHeaders({ contentSecurityPolicy: appPolicy });
const docsHeaders = secureHeaders({ contentSecurityPolicy: docsPolicy });

/** Hono's secure headers, with the content security policy each kind of page needs. */
export const securityHeaders = () =>
  createMiddleware((c, next) => (/^\/api\/docs\/?$/.test(c.req.path) ? docsHeaders(c, next) : appHeaders(c, next)));

/**
 * CORS for the origins in CORS_ORIGINS; none (the default) mounts nothing, so browsers on other
 * origins get no `Access-Control-Allow-Origin` and cannot read any answer. Answers preflights
 * before authentication (a preflight carries no key).
 */
export function corsFor(origins: readonly string[]) {
  if (origins.length === 0) return null;
  return cors({
    origin: [...origins],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Location', 'Retry-After', 'Allow'],
    maxAge: 600,
  });
}
