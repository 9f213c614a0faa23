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

/**
 * The API's JSON (and the docs page's script files): OWASP's set for REST answers. A policy that
 * allows nothing and no framing, nosniff, DENY, HSTS, no referrer, same-origin reads only, and
 * no-store for customer data. The headers that only steer how a browser treats a document it
 * renders (X-XSS-Protection, Origin-Agent-Cluster, DNS prefetch, COOP…) stay on the pages; on
 * every API answer they were 400 bytes the client parsed for nothing.
 */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

const isDocsPage = (path: string) => /^\/api\/docs\/?$/.test(path);

/** Hono's secure headers, with the policy each kind of answer needs: admin pages, the docs page, the API. */
export const securityHeaders = () =>
  createMiddleware((c, next) => {
    const path = c.req.path;
    if (!path.startsWith('/api/')) return appHeaders(c, next);
    if (isDocsPage(path)) return docsHeaders(c, next);
    return apiHeaders(c, async () => {
      await next();
      // Files that say how long they keep (the docs page's scripts) keep saying it.
      if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    });
  });

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
