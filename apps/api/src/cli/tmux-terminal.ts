import { spawnSync } from 'node:child_process';

/**
 * A real terminal for the CLI's tests: a detached tmux session running bash, driven with
 * `send-keys` and read with `capture-pane`, so what is tested is what a person at a terminal
 * gets (raw mode, escape sequences from arrow keys, Ctrl-C, a TTY on stdout). CI installs tmux
 * (.ci/run).
 */
export interface Terminal {
  /** Types a command line and Enter, on an empty screen without scrollback (waitFor sees only what it prints). */
  run(command: string): Promise<void>;
  /** Literal text, as typed. */
  type(text: string): void;
  /** tmux key names: Left, Right, Home, End, Enter, C-c… */
  keys(...names: string[]): void;
  /** The screen and its scrollback, as text. */
  screen(): string;
  /** Waits until the screen shows `text` (or matches the pattern); returns the screen. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  close(): void;
}

function tmux(args: string[]): string {
  const result = spawnSync('tmux', args, { encoding: 'utf8' });
  if (result.error)
    throw new Error(`tmux is needed for the terminal tests (apt-get install tmux): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

let sessions = 0;

export function openTerminal(options: { cwd: string; env?: Record<string, string>; columns?: number }): Terminal {
  const name = `crm-test-${process.pid}-${++sessions}`;
  const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  // Wide, so progress lines do not wrap; a plain bash without the user's rc files.
  tmux([
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(options.columns ?? 200),
    '-y',
    '50',
    '-c',
    options.cwd,
    ...env,
    'bash --norc --noprofile',
  ]);
  const terminal: Terminal = {
    async run(command) {
      // The screen and scrollback emptied first (tmux inside the session clears its own pane), so
      // waitFor sees only what the command prints. The marker is quoted apart in the command line,
      // so only its output matches.
      const ready = `ready-${Date.now()}`;
      tmux(['send-keys', '-t', name, '-l', `clear; tmux clear-history; echo ${ready.slice(0, 3)}''${ready.slice(3)}`]);
      tmux(['send-keys', '-t', name, 'Enter']);
      await terminal.waitFor(new RegExp(`^${ready}$`, 'm'));
      tmux(['send-keys', '-t', name, '-l', command]);
      tmux(['send-keys', '-t', name, 'Enter']);
    },
    type(text) {
      tmux(['send-keys', '-t', name, '-l', text]);
    },
    keys(...names) {
      tmux(['send-keys', '-t', name, ...names]);
    },
    screen: () => tmux(['capture-pane', '-p', '-J', '-S', '-1000', '-t', name]),
    async waitFor(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = terminal.screen();
        if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`the terminal did not show ${String(text)}:\n${screen}`);
        await Bun.sleep(50);
      }
    },
    close() {
      spawnSync('tmux', ['kill-session', '-t', name]);
    },
  };
  return terminal;
}
