import type { MiddlewareHandler } from 'hono';

/**
 * The built admin app as files by URL path (`/index.html`, `/assets/…`): read from a folder on
 * Bun (admin-files.ts), embedded in the single executable, or from wrangler's static assets on
 * Workers (worker.ts). Whatever reads them, the same rules below decide what a path gets.
 */
export type AdminFiles = (path: string) => Blob | null | Promise<Blob | null>;

/** Linux's NAME_MAX: no file system takes a longer name, so no file or page has such a segment. */
const MAX_SEGMENT_BYTES = 255;
/** Linux's PATH_MAX: a longer path is refused as too long (414) before anything looks it up. */
export const MAX_STATIC_PATH_BYTES = 4096;

/** Folders of the build whose paths are files only: a miss there is a 404, never the page. */
const FILE_FOLDERS = ['/assets/', '/swagger-ui-dist/'];

export type StaticPath =
  | { kind: 'too-long' }
  /** No file and no page can have it: a dot segment, NUL, a backslash, bad %-encoding, a name too long. */
  | { kind: 'impossible' }
  /** Under a files-only folder or with an extension (`/favicon.ico`): a file, or a 404. */
  | { kind: 'file' }
  /** Anything else may be one of the app's client-side routes (`/customers/12`). */
  | { kind: 'page' };

const encoder = new TextEncoder();

/**
 * What a (router-decoded) request path can be. Hono decodes %-escapes except the reserved ones
 * (`%2F` stays), and leaves a malformed escape as it came, so a `%` left over means an escape a
 * file name cannot hold. Pure string checks: nothing reaches the file system with a name that
 * the file system would refuse (a 2,000-character name made `stat` throw ENAMETOOLONG, a 500).
 */
export function classifyStaticPath(path: string): StaticPath {
  if (encoder.encode(path).length > MAX_STATIC_PATH_BYTES) return { kind: 'too-long' };
  const segments = path.split('/').slice(1);
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || encoder.encode(segment).length > MAX_SEGMENT_BYTES) {
      return { kind: 'impossible' };
    }
    // Control characters (NUL among them), a backslash (a separator on Windows) or a `%` left over.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    if (/[\u0000-\u001f\u007f\\%]/.test(segment)) return { kind: 'impossible' };
  }
  const last = segments[segments.length - 1] ?? '';
  // connect-history-api-fallback's rule (Vite's dev server): a name with a dot is a file.
  // `/assets` too: Hono's non-strict routing gives `/assets/` without its slash.
  if (FILE_FOLDERS.some((folder) => `${path}/`.startsWith(folder)) || last.includes('.')) return { kind: 'file' };
  return { kind: 'page' };
}

/**
 * Files by name; a path that may be a client-side route of the app gets index.html. A missing
 * file or an impossible path falls through to the app's JSON 404 (next()), a path over
 * PATH_MAX gets 414: never the page for a script that is not there (a stale tab after a deploy
 * then sees a 404, not HTML where it expected JavaScript), never a 5xx.
 */
export function serveAdmin(files: AdminFiles): MiddlewareHandler {
  return async (c, next) => {
    // An unknown API path is a JSON 404 (app.ts), never the admin page.
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const kind = classifyStaticPath(path).kind;
    if (kind === 'too-long') return c.json({ detail: 'Request URI too long.' }, 414);
    if (kind === 'impossible') return next();
    const file = await files(path);
    const page = file ?? (kind === 'page' ? await files('/index.html') : null);
    if (!page) return next();
    // Vite puts a content hash in every file name under /assets/, so those never change.
    const immutable = file !== null && path.startsWith('/assets/');
    return c.body(page.stream(), 200, {
      'Content-Type': page.type || 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}
