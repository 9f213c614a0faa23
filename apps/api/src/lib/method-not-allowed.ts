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
export function methodNotAllowed(routes: RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    if (patternOf(route).test(path)) methods.add(route.method);
  }
  return [...methods];
}
