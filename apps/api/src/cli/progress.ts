import { SingleBar } from 'cli-progress';

/**
 * Progress of the CLI's long commands (seed, import, export, backup), always on stderr: stdout
 * is the command's answer (an export's CSV). On a terminal each phase is a bar (cli-progress)
 * with its amount, rate and ETA, redrawn at most five times a second, left in place when the
 * phase ends; elsewhere (a log file, CI) a plain line when a phase starts, one at most every
 * `lineIntervalMs` while it runs, and one when it ends.
 *
 * The phases are driven from the loads' own loops, which do not give the event loop back while
 * SQLite works (the file driver is synchronous): so everything here draws when told, never
 * from a timer.
 */
export interface PhaseOptions {
  /** What the amounts count: `rows`, `MB`, `indexes`… */
  unit: string;
  /** Raw amounts are divided by it for display (bytes → MB: 1048576). */
  scale?: number;
}

export interface Phase {
  /** `done` of the phase's total so far; `note` is shown beside it (`120,000 rows`). */
  update(done: number, note?: string): void;
  /** Draws the end state (the total reached) and leaves it on screen. */
  finish(note?: string): void;
}

export interface Progress {
  phase(label: string, total: number, options: PhaseOptions): Phase;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Nothing at all (an export writing its CSV to the terminal: bars would land in the data). */
  quiet?: boolean;
  /** Bars or lines; by default bars when the stream is a terminal. */
  tty?: boolean;
  now?: () => number;
  lineIntervalMs?: number;
}

/** The shortest time between two drawings of a bar. */
const DRAW_MS = 200;

const wholeFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const smallFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
/** 1,234,567 and 2.5: a decimal only where it says something. */
const formatAmount = (n: number) => (Math.abs(n) < 10 ? smallFormat : wholeFormat).format(n);

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function progressOn(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const lineIntervalMs = options.lineIntervalMs ?? 5000;

  return {
    phase(label, total, { unit, scale = 1 }) {
      if (options.quiet) return { update() {}, finish() {} };
      const started = now();
      const amount = (n: number) => formatAmount(n / scale);
      const rate = (done: number) => {
        const elapsed = (now() - started) / 1000;
        return elapsed > 0 ? `${amount(done / elapsed)} ${unit}/s` : '';
      };
      const eta = (done: number) => {
        if (done <= 0 || done >= total) return '';
        return seconds(((now() - started) / done) * (total - done));
      };
      const describe = (done: number, note?: string) =>
        [`${amount(done)}/${amount(total)} ${unit}`, note, rate(done)].filter(Boolean).join(', ');

      if (tty) {
        const bar = new SingleBar({
          stream,
          format: `${label} {bar} {percentage}% | {text} | ETA {left}`,
          barCompleteChar: '█',
          barIncompleteChar: '░',
          barsize: 24,
          // cli-progress draws an update at once when two of its frames have passed since the
          // last drawing: frames of DRAW_MS / 2, so each update let through above is drawn.
          fps: 2000 / DRAW_MS,
          etaBuffer: 20,
          // Wrapping left alone: a Ctrl-C in the middle of a bar must not leave the terminal without it.
          linewrap: true,
          hideCursor: false,
        });
        bar.start(Math.max(total, 1), 0, { text: describe(0), left: '…' });
        let drawnAt = started;
        return {
          update(done, note) {
            // A load may report every batch: format and draw five times a second at most.
            if (now() - drawnAt < DRAW_MS) return;
            drawnAt = now();
            bar.update(Math.min(done, total), { text: describe(done, note), left: eta(done) || '…' });
          },
          finish(note) {
            const text = `${describe(total, note)} in ${seconds(now() - started)}`;
            bar.update(Math.max(total, 1), { text, left: '0 s' });
            bar.stop();
          },
        };
      }

      stream.write(`${label}: ${amount(total)} ${unit} to go\n`);
      let lineAt = started;
      return {
        update(done, note) {
          if (now() - lineAt < lineIntervalMs) return;
          lineAt = now();
          const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
          const left = eta(done);
          stream.write(`${label}: ${percent}%, ${describe(done, note)}${left ? `, about ${left} left` : ''}\n`);
        },
        finish(note) {
          stream.write(`${label}: done, ${describe(total, note)} in ${seconds(now() - started)}\n`);
        },
      };
    },
  };
}

/**
 * Phases told as `(name, done, total, unit)`, the way `restoreDerived` and the seed report
 * theirs: a phase starts when the name changes and ends when `done` reaches `total`.
 */
export function phasesOf(progress: Progress, prefix = '') {
  let current: { name: string; phase: Phase | null } | null = null;
  return (name: string, done: number, total: number, unit: string) => {
    if (current?.name !== name) {
      current?.phase?.finish();
      current = { name, phase: progress.phase(`${prefix}${name}`, total, { unit }) };
    }
    if (!current.phase) return;
    if (done >= total) {
      current.phase.finish();
      current.phase = null;
    } else {
      current.phase.update(done);
    }
  };
}
