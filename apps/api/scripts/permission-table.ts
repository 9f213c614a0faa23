// Prints docs/API.md's role table from the app's own document (src/system/permission-table.ts).
import { createApp } from '../src/app';
import type { Db } from '../src/db/types';
import { permissionTable } from '../src/system/permission-table';

const app = createApp({ db: {} as Db });
const res = await app.request('/api/openapi.json');
console.log(permissionTable(await res.json()));
