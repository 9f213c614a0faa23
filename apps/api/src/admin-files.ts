import { existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

/**
 * The built admin app as files by URL path (`/index.html`, `/assets/…`): read from a folder on
 * Bun, embedded in the single executable. Workers do not come here: wrangler `assets` serve it.
 */
export type AdminFiles = (path: string) => Blob | null;

/** apps/admin/dist (or ADMIN_DIST) read at request time; null when there is no build. */
export function adminFolder(dist: string): AdminFiles | null {
  if (!existsSync(join(dist, 'index.html'))) return null;
  const root = join(dist, sep);
  return (path) => {
    // join() resolves `..`, so a path that climbs out of the folder ends up outside `root`.
    const file = join(root, path);
    if (!file.startsWith(root) || file.includes('\0')) return null;
    return statSync(file, { throwIfNoEntry: false })?.isFile() ? Bun.file(file) : null;
  };
}

/** Files by name; any other path gets index.html, since it is a client-side route of the app. */
export function serveAdmin(files: AdminFiles): MiddlewareHandler {
  return async (c, next) => {
    // An unknown API path is a JSON 404 (app.ts), never the admin page.
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const file = files(path);
    const page = file ?? files('/index.html');
    if (!page) return next();
    // Vite puts a content hash in every file name under /assets/, so those never change.
    const immutable = file !== null && path.startsWith('/assets/');
    return c.body(page.stream(), 200, {
      'Content-Type': page.type || 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}
