import { fileURLToPath } from 'node:url';
import { adminFolder } from './admin-files';
import { folderMigrations } from './db/create-db';
import { loadEnv } from './env';
import { exitOnStartError, runServer } from './server';
import { readSwaggerUiFile } from './system/swagger-ui-files';

/**
 * The Bun entry point, from the source tree: migrations from apps/api/drizzle, the admin from
 * apps/admin/dist (or ADMIN_DIST). The single executable runs the same server with both embedded
 * (scripts/build-binary.ts); Workers start from worker.ts.
 */
function sources() {
  const adminDist = loadEnv().ADMIN_DIST ?? fileURLToPath(new URL('../../admin/dist', import.meta.url));
  return {
    migrations: folderMigrations(),
    admin: adminFolder(adminDist) ?? {
      missing: `Admin app not built (${adminDist}); run \`bun run build\` to serve it at /.`,
    },
    docsAssets: readSwaggerUiFile,
  };
}

Promise.resolve()
  .then(() => runServer(sources()))
  .catch(exitOnStartError);
