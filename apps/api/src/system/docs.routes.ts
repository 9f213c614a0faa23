import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import type { AppEnv } from '../lib/context';
import { notFound } from '../lib/errors';
import { buildOpenApiDocument } from './openapi';

/** The two files of `swagger-ui-dist` that the docs page loads. */
export type DocsAssetFile = 'swagger-ui-bundle.js' | 'swagger-ui.css';

/**
 * Reads a file of the `swagger-ui-dist` package. Runtime-specific (Bun reads node_modules, a
 * Worker its static assets, the executable its embedded files), so the entry point gives it.
 */
export type ReadDocsAsset = (file: DocsAssetFile) => Promise<Blob | null>;

const contentTypes: Record<DocsAssetFile, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** Where @hono/swagger-ui looks for `swagger-ui-dist/<file>` when the files are served here. */
const LOCAL_ASSETS_BASE = '/api/docs';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/**
 * `GET /api/openapi.json` (generated once per process from the zod schemas, see openapi.ts) and
 * `GET /api/docs`, Swagger UI rendering it. Both are public (auth.middleware.ts).
 */
export const docsRoutes = (readAsset?: ReadDocsAsset) => {
  const asset = (file: DocsAssetFile) => async () => {
    const blob = readAsset ? await readAsset(file) : null;
    if (!blob) throw notFound();
    return new Response(blob, {
      status: 200,
      headers: { 'Content-Type': contentTypes[file], 'Cache-Control': 'public, max-age=3600' },
    });
  };
  return new Hono<AppEnv>({ strict: false })
    .get('/openapi.json', (c) => {
      document ??= buildOpenApiDocument();
      return c.json(document, 200);
    })
    .get(
      '/docs',
      swaggerUI({
        title: 'Compact CRM API',
        url: '/api/openapi.json',
        // Always from this server: the page's CSP allows no other origin (lib/security-headers.ts).
        baseUrl: LOCAL_ASSETS_BASE,
        deepLinking: true,
        // No badge image from the public validator service: the page talks to this server only.
        validatorUrl: 'null',
      }),
    )
    .get('/docs/swagger-ui-dist/swagger-ui-bundle.js', asset('swagger-ui-bundle.js'))
    .get('/docs/swagger-ui-dist/swagger-ui.css', asset('swagger-ui.css'));
};
