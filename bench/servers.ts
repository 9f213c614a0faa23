import { readdirSync, readFileSync } from 'node:fs';
import type { Subprocess } from 'bun';

/**
 * The processes the bench starts (API servers, the ceiling, the peer), their memory, and their
 * cleanup: everything started here is stopped by `stopAll`, also on Ctrl-C.
 */

const children: Subprocess[] = [];

/** A long-running server: stdout ignored (or piped for `onLine`), stderr shown, stopped by stopAll. */
export function startServer(
  cmd: string[],
  options: { cwd: string; env?: Record<string, string>; onLine?: (line: string) => void },
): Subprocess {
  const child = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdout: options.onLine ? 'pipe' : 'ignore',
    stderr: 'inherit',
  });
  const { onLine } = options;
  const { stdout } = child;
  if (onLine && stdout instanceof ReadableStream) {
    // Read to the end, so a full pipe never blocks the server.
    void (async () => {
      const reader = stdout.getReader();
      const decoder = new TextDecoder();
      let pending = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        const lines = (pending + decoder.decode(chunk.value, { stream: true })).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
    })();
  }
  children.push(child);
  return child;
}

/** Runs a command to its end, sampling its peak RSS; returns seconds, MB and its output. */
export async function timed(cmd: string[], options: { cwd: string; env?: Record<string, string> }) {
  const started = performance.now();
  const child = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  children.push(child);
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, peakRssOf(child.pid));
  }, 100);
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
  const code = await child.exited;
  clearInterval(sampler);
  return { seconds: (performance.now() - started) / 1000, rss, code, output: `${stdout}${stderr}`.trim() };
}

/** SIGTERM (a server drains its workers) and waits. */
export async function stop(child: Subprocess) {
  child.kill('SIGTERM');
  await child.exited;
}

export function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}

export async function waitFor(url: string, tries = 300) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await Bun.sleep(100);
  }
  throw new Error(`${url} did not answer`);
}

/** `pid` and its descendants (a server's worker processes; the peer's gunicorn workers). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesised command (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] as number) ?? []));
  return tree;
}

export interface Memory {
  /** Σ VmHWM: each process's peak resident memory, summed (the pages they share counted in each). */
  peakRss: number;
  /**
   * The resident memory of the processes together, now: what each holds alone (Private_*), plus
   * the pages they share (the one Bun executable and its libraries: Shared_*) counted once, as
   * the largest share of one process. (Pss would split shared pages with every other Bun process
   * on the machine, so it depends on what else runs.)
   */
  together: number;
  /** VmHWM of each process, the root first. */
  each: number[];
}

/** One process's peak resident memory (VmHWM) in MB; 0 once it is gone. */
function peakRssOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The memory of `pid` and its descendants, in MB. */
export function memoryOf(pid: number): Memory {
  const each: number[] = [];
  let privateKb = 0;
  let sharedKb = 0;
  for (const member of processTree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${member}/smaps_rollup`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
      each.push(peakRssOf(member));
      privateKb += kb('Private_Clean') + kb('Private_Dirty');
      sharedKb = Math.max(sharedKb, kb('Shared_Clean') + kb('Shared_Dirty'));
    } catch {
      // Gone meanwhile.
    }
  }
  return { peakRss: each.reduce((sum, mb) => sum + mb, 0), together: (privateKb + sharedKb) / 1024, each };
}

export interface RunningApi {
  process: Subprocess;
  port: number;
  token: string;
  workers: number;
}

const BENCH_PASSWORD = 'bench-password-1';

/** The API (`bun run start`'s server) on a database file, with `workers` processes, and a key of its admin. */
export async function startApi(
  root: string,
  dbPath: string,
  port: number,
  workers: number,
  bunFlags: string[] = [],
): Promise<RunningApi> {
  const { promise: listening, resolve } = Promise.withResolvers<void>();
  const child = startServer(['bun', ...bunFlags, 'apps/api/src/bun-server/main.ts'], {
    // Once every worker listens (the first one answers /api/health before the others are up).
    onLine: (line) => line.includes('CRM API listening on') && resolve(),
    cwd: root,
    env: {
      DATABASE_URL: `file:${dbPath}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: BENCH_PASSWORD,
      LOG_REQUESTS: 'false',
      WORKERS: String(workers),
    },
  });
  await Promise.race([listening, child.exited.then(() => Promise.reject(new Error('the API exited at start')))]);
  await waitFor(`http://127.0.0.1:${port}/api/health`);
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return { process: child, port, token, workers };
}

/** CPU seconds `pid` and its descendants have used so far (utime + stime; 100 ticks a second on Linux). */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks / 100;
}

/**
 * Samples the memory of `pid` and its descendants every `ms` while loads run: `stop` returns the
 * largest `together` seen and the Σ VmHWM at the end (VmHWM is a peak already).
 */
export function sampleMemory(pid: number, ms = 500) {
  let together = memoryOf(pid).together;
  const timer = setInterval(() => {
    together = Math.max(together, memoryOf(pid).together);
  }, ms);
  return {
    stop(): Memory {
      clearInterval(timer);
      const last = memoryOf(pid);
      return { ...last, together: Math.max(together, last.together) };
    },
  };
}
