/**
 * Which documented (route, status) pairs the HTTP suites saw. The test harness checks every
 * answer against the OpenAPI document and, with ROUTE_COVERAGE=<file>, records the pairs
 * (src/testing/document-check.ts). This runs a suite with a fresh file and prints the tally:
 *
 *   bun scripts/route-coverage.ts bun -- bun test                 (the Bun run)
 *   bun scripts/route-coverage.ts worker -- bun scripts/test-worker.ts
 *
 * It exits with the suite's code: coverage is reported, not enforced (500 and 503 are documented
 * on every route but only some tests can provoke them).
 */
import { readFileSync, rmSync } from 'node:fs';
import { createApp } from '../src/app';
import type { Db } from '../src/db/types';
import { coverageFile } from '../src/testing/document-check';

const [name = 'bun', separator, ...command] = process.argv.slice(2);
if (separator !== '--' || command.length === 0) {
  console.error('usage: bun scripts/route-coverage.ts <name> -- <test command…>');
  process.exit(2);
}

const file = coverageFile(name);
rmSync(file, { force: true });
const suite = Bun.spawn(command, {
  env: { ...process.env, ROUTE_COVERAGE: file },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const code = await suite.exited;

// The document does not depend on the database: build an app without one to read it.
const document = (await (await createApp({ db: {} as Db }).request('/api/openapi.json')).json()) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};
const documented = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, operation]) =>
    Object.keys(operation.responses).map((status) => `${method} ${path} ${status}`),
  ),
);
let seen = new Set<string>();
try {
  seen = new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as string),
  );
} catch {
  // No answer recorded (the suite did not start).
}
const uncovered = documented.filter((pair) => !seen.has(pair));
const byStatus = (status: string) => uncovered.filter((pair) => pair.endsWith(` ${status}`)).length;
console.log(
  `route coverage (${name}): ${documented.length - uncovered.length} of ${documented.length} documented (route, status) pairs answered by the suites; not seen: ${uncovered.length} (of them 500: ${byStatus('500')}, 503: ${byStatus('503')})`,
);
for (const pair of uncovered.filter((pair) => !/ 50[03]$/.test(pair))) console.log(`  not seen: ${pair}`);
process.exit(code);
