import { describe, expect, test } from 'bun:test';
import { phasesOf, progressOn } from './progress';

/** A stream that keeps what is written: a terminal (isTTY) or a file. */
function capture(tty: boolean) {
  const writes: string[] = [];
  const stream = {
    isTTY: tty,
    columns: 160,
    write(chunk: string) {
      writes.push(String(chunk));
      return true;
    },
    // What readline's cursorTo / clearLine call on a terminal.
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  } as unknown as NodeJS.WriteStream;
  return { stream, writes, text: () => writes.join('') };
}

describe('CLI progress', () => {
  test('on a terminal: a bar with amount, rate and ETA, redrawn at most a few times a second', async () => {
    const out = capture(true);
    const phase = progressOn({ stream: out.stream }).phase('customers', 1_000_000, { unit: 'rows' });
    await Bun.sleep(450);
    phase.update(500_000);
    const half = out.text();
    expect(half).toMatch(/customers █+░+ 50% \| 500,000\/1,000,000 rows, [\d,]+ rows\/s \| ETA \d+ s/);
    // A tight loop of updates (a load reporting every batch) draws only when the throttle allows.
    const before = out.writes.length;
    const started = Date.now();
    for (let done = 500_000; done < 1_000_000; done++) phase.update(done);
    const elapsed = Date.now() - started;
    expect(out.writes.length - before).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 2);
    phase.finish();
    expect(out.text()).toMatch(/customers █+ 100% \| 1,000,000\/1,000,000 rows, [\d,]+ rows\/s in \d+ s \| ETA 0 s/);
    // Left on the screen: the cursor back where the bar began, then a new line.
    expect(out.text().endsWith('ETA 0 s\u001b[0K\u001b8\n')).toBe(true);
  });

  test('elsewhere: a line when a phase starts, one per interval while it runs, one when it ends', () => {
    const out = capture(false);
    let clock = 0;
    const phase = progressOn({ stream: out.stream, now: () => clock, lineIntervalMs: 5000 }).phase(
      'import big.csv',
      200 * 1024 * 1024,
      { unit: 'MB', scale: 1024 * 1024 },
    );
    for (let second = 1; second <= 20; second++) {
      clock = second * 1000;
      phase.update(second * 10 * 1024 * 1024, `${second * 1000} rows`);
    }
    phase.finish('20,000 rows');
    expect(out.writes).toEqual([
      'import big.csv: 200 MB to go\n',
      'import big.csv: 25%, 50/200 MB, 5000 rows, 10 MB/s, about 15 s left\n',
      'import big.csv: 50%, 100/200 MB, 10000 rows, 10 MB/s, about 10 s left\n',
      'import big.csv: 75%, 150/200 MB, 15000 rows, 10 MB/s, about 5 s left\n',
      'import big.csv: 100%, 200/200 MB, 20000 rows, 10 MB/s\n',
      'import big.csv: done, 200/200 MB, 20,000 rows, 10 MB/s in 20 s\n',
    ]);
    expect(out.text()).not.toContain('\u001b');
  });

  test('phases told by name: each starts when the name changes and ends at its total', () => {
    const out = capture(false);
    const report = phasesOf(progressOn({ stream: out.stream, now: () => 0 }), 'rebuild: ');
    report('indexes', 0, 2, 'indexes');
    report('indexes', 1, 2, 'indexes');
    report('indexes', 2, 2, 'indexes');
    report('indexes', 2, 2, 'indexes');
    report('search index', 0, 10, 'rows');
    report('search index', 10, 10, 'rows');
    expect(out.writes.map((line) => line.split(',')[0])).toEqual([
      'rebuild: indexes: 2 indexes to go\n',
      'rebuild: indexes: done',
      'rebuild: search index: 10 rows to go\n',
      'rebuild: search index: done',
    ]);
  });
});
