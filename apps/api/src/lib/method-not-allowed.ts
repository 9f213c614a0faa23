import type { Context, MiddlewareHandler } from 'hono';
import type { RouterRoute } from 'hono/types';

const patternCache = new WeakMap<RouterRoute, RegExp>();

function patternOf(route: RouterRoute): RegExp {
  let pattern = patternCache.get(route);
  if (!pattern) {
    const source = route.path
      .replace(/\/+$/, '')
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    pattern = new RegExp(`^${source}/?$`);
    patternCache.set(route, pattern);
  }
  return pattern;
}

/**
 * The methods the router has for a path that matched none of the request's method, so a wrong
 * method answers DRF's 405 with `Allow` instead of 404.
 */
function methodNotAllowed(routes: RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    if (patternOf(route).test(path)) methods.add(route.method);
  }
  return [...methods];
}

/** DRF's 405 with `Allow`, or null when no route has the path (a 404). */
export function wrongMethod(c: Context, routes: RouterRoute[]): Response | null {
  const allowed = methodNotAllowed(routes, c.req.path);
  if (allowed.length === 0 || allowed.includes(c.req.method)) return null;
  return c.json({ detail: `Method "${c.req.method}" not allowed.` }, 405, { Allow: allowed.join(', ') });
}

/**
 * Public paths asked with another method answer 405 right there, as protected ones do after the
 * key check, instead of falling through to the key check's 401. One handler per public path,
 * after its own routes: other paths never reach them.
 */
export function answerWrongMethods(
  app: { all(path: string, handler: MiddlewareHandler): unknown },
  routes: RouterRoute[],
) {
  const own = [...routes];
  for (const path of new Set(own.map((route) => route.path))) {
    app.all(path, async (c, next) => wrongMethod(c, own) ?? next());
  }
}
