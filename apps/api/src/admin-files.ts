import { existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { AdminFiles } from './admin-pages';

// The runtime-neutral half (the rules for paths, the middleware) is in admin-pages.ts, which the
// Worker imports without this file's node:fs; re-exported for the Bun server.
export { type AdminFiles, serveAdmin } from './admin-pages';

/** apps/admin/dist (or ADMIN_DIST) read at request time; null when there is no build. */
export function adminFolder(dist: string): AdminFiles | null {
  if (!existsSync(join(dist, 'index.html'))) return null;
  const root = join(dist, sep);
  return (path) => {
    // join() resolves `..`, so a path that climbs out of the folder ends up outside `root`.
    const file = join(root, path);
    if (!file.startsWith(root) || file.includes('\0')) return null;
    try {
      return statSync(file, { throwIfNoEntry: false })?.isFile() ? Bun.file(file) : null;
    } catch {
      // ENOTDIR (`/index.html/x`), ENAMETOOLONG, ELOOP, EACCES: no file to serve under that name.
      return null;
    }
  };
}
