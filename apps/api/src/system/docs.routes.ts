import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIV3_1 } from 'openapi-types';
import { notFound } from '../lib/errors';
import { type Answer, createRouter, route } from '../lib/route';

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

const text = (mediaType: string, description: string): Answer => ({
  description,
  content: { [mediaType]: { schema: { type: 'string' } } },
});

/**
 * `GET /api/openapi.json` (built once per app from its routes, see openapi.ts) and `GET /api/docs`,
 * Swagger UI rendering it. Public: app.ts mounts them before the key check.
 */
export const docsRoutes = (options: { readAsset?: ReadDocsAsset; document: () => Promise<OpenAPIV3_1.Document> }) => {
  const { readAsset } = options;
  const asset = (file: DocsAssetFile) => async () => {
    const blob = readAsset ? await readAsset(file) : null;
    if (!blob) throw notFound();
    return new Response(blob, {
      status: 200,
      headers: { 'Content-Type': contentTypes[file], 'Cache-Control': 'public, max-age=3600' },
    });
  };
  const assetRoute = (file: DocsAssetFile, what: string) =>
    route({
      tag: 'System',
      permission: 'public',
      summary: `The docs page's ${what}`,
      description: 'Served from the `swagger-ui-dist` package where the runtime can read it; 404 elsewhere.',
      responses: { 200: text(contentTypes[file].split(';')[0] ?? '', what), 404: 'NotFound' },
    });
  let document: Promise<OpenAPIV3_1.Document> | undefined;
  return createRouter()
    .get(
      '/openapi.json',
      route({
        tag: 'System',
        permission: 'public',
        summary: 'This document',
        responses: {
          200: {
            description: 'OpenAPI 3.1, generated from the routes and the zod schemas that validate.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      }),
      async (c) => {
        document ??= options.document();
        return c.json(await document, 200);
      },
    )
    .get(
      '/docs',
      route({
        tag: 'System',
        permission: 'public',
        summary: 'Interactive reference (Swagger UI)',
        responses: { 200: text('text/html', 'An HTML page rendering this document.') },
      }),
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
    .get(
      '/docs/swagger-ui-dist/swagger-ui-bundle.js',
      assetRoute('swagger-ui-bundle.js', 'script'),
      asset('swagger-ui-bundle.js'),
    )
    .get('/docs/swagger-ui-dist/swagger-ui.css', assetRoute('swagger-ui.css', 'style sheet'), asset('swagger-ui.css'));
};
