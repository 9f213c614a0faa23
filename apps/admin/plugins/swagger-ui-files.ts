import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * Ships Swagger UI's two files with the admin's static assets (dist/swagger-ui-dist/), so the
 * API's /api/docs page can load them from this deployment wherever the admin is served as
 * assets (Workers, whose CSP allows scripts from the site itself only). They are not part of the
 * admin app and load only on the docs page.
 */
export function swaggerUiFiles(): Plugin {
  return {
    name: 'swagger-ui-files',
    apply: 'build',
    writeBundle(options) {
      const target = join(options.dir ?? 'dist', 'swagger-ui-dist');
      mkdirSync(target, { recursive: true });
      for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
        copyFileSync(require.resolve(`swagger-ui-dist/${file}`), join(target, file));
      }
    },
  };
}
