/**
 * Sums the test counts printed by every suite in a `bun run test` log into the one line CI
 * reads: "N passed, M failed". Understands bun test (" N pass" / " N fail") and Vitest
 * ("Tests  N passed | M failed"). Exits non-zero when anything failed or the run failed.
 */
const [logPath, statusText = '1'] = process.argv.slice(2);
if (!logPath) throw new Error('usage: summarize.ts <log> <exit status>');
// Turbo prefixes each line with "<package>:<task>: "; colour codes are stripped too.
const lines = (await Bun.file(logPath).text())
  .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
  .split('\n')
  .map((line) => line.replace(/^[@\w/.-]+:[\w:-]+: /, ''));

let passed = 0;
let failed = 0;
for (const line of lines) {
  const bunPass = /^\s*(\d+) pass$/.exec(line);
  const bunFail = /^\s*(\d+) fail$/.exec(line);
  if (bunPass) passed += Number(bunPass[1]);
  if (bunFail) failed += Number(bunFail[1]);
  const vitest = /^\s*Tests\s+(.*)$/.exec(line);
  if (vitest?.[1]) {
    passed += Number(/(\d+) passed/.exec(vitest[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(vitest[1])?.[1] ?? 0);
  }
}
const status = Number(statusText);
// A run that failed without a failing test (typecheck, lint, a crashed suite) still fails.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
