import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { startTestApi, type TestApi } from '../testing/test-api';
import { permissionTable } from './permission-table';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

test('docs/API.md holds the role table of the permissions and the routes that declare them', () => {
  const apiMd = readFileSync(new URL('../../../../docs/API.md', import.meta.url), 'utf8');
  const table = permissionTable(api.document.document);
  // On failure: `bun apps/api/scripts/permission-table.ts` prints the table to paste.
  expect(apiMd.includes(table) ? 'in docs/API.md' : table).toBe('in docs/API.md');
});
