import { fileURLToPath } from 'node:url';
import { adminFolder } from '../admin-files';
import { loadEnv } from '../env';
import { readSwaggerUiFile } from '../system/swagger-ui-files';
import { exitOnStartError, runServer } from './server';

/**
 * `bun src/bun-server/main.ts` (`bun run start`): the Bun server from the source tree, with the
 * migrations from apps/api/drizzle and the admin from apps/admin/dist (or ADMIN_DIST). The single
 * executable runs the same server with both embedded (scripts/build-binary.ts); Workers start
 * from worker.ts. The worker processes (WORKERS) run this file too.
 */
try {
  const env = loadEnv();
  const adminDist = env.ADMIN_DIST ?? fileURLToPath(new URL('../../../admin/dist', import.meta.url));
  await runServer(env, {
    // Loaded where it is used (the writer), so the primary stays without the database modules.
    migrations: async () => (await import('../db/create-db')).folderMigrations(),
    admin: adminFolder(adminDist) ?? {
      missing: `Admin app not built (${adminDist}); run \`bun run build\` to serve it at /.`,
    },
    docsAssets: readSwaggerUiFile,
    // Bun's own flags (e.g. --smol) carry over to the worker processes.
    selfCommand: [process.execPath, ...process.execArgv, fileURLToPath(import.meta.url)],
  });
} catch (error) {
  exitOnStartError(error);
}
