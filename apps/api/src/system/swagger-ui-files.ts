import { fileURLToPath } from 'node:url';
import type { ReadDocsAsset } from './docs.routes';

/**
 * The docs page's files read from the installed `swagger-ui-dist` package (Bun only: Workers
 * read them from the admin's static assets instead), so the page works offline.
 */
export const readSwaggerUiFile: ReadDocsAsset = async (file) => {
  const blob = Bun.file(fileURLToPath(import.meta.resolve(`swagger-ui-dist/${file}`)));
  return (await blob.exists()) ? blob : null;
};
