import { fileURLToPath } from 'node:url';
import type { ReadDocsAsset } from './docs.routes';

/**
 * The docs page's files read from the installed `swagger-ui-dist` package (Bun only: Workers
 * have no node_modules), so the page works offline and loads nothing from a CDN.
 */
export const readSwaggerUiFile: ReadDocsAsset = async (file) => {
  const blob = Bun.file(fileURLToPath(import.meta.resolve(`swagger-ui-dist/${file}`)));
  return (await blob.exists()) ? blob : null;
};
