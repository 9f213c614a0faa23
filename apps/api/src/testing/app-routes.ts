import { createApp } from '../app';
import type { Db } from '../db/types';

export interface AppRoute {
  method: string;
  /** A concrete path: `:params` filled with `1`, no trailing slash. */
  path: string;
}

/**
 * The routes the app has, read from the app itself so a route added later is covered by the
 * tests that walk them. Built without a database: building the app runs no query. Middleware
 * (mounted on a wildcard, for all methods or for some) is not a route, nor are the handlers for
 * all methods that answer a public path's wrong methods with 405.
 */
export function appRoutes(): AppRoute[] {
  const app = createApp({ db: {} as Db });
  const seen = new Set<string>();
  const routes: AppRoute[] = [];
  for (const route of app.routes) {
    if (route.path.endsWith('*') || route.method === 'ALL') continue;
    const { method } = route;
    const path =
      route.path
        .replace(/:[^/]+/g, '1')
        .replace(/\*/g, 'x')
        .replace(/\/+$/, '') || '/';
    const key = `${method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method, path });
  }
  return routes;
}
