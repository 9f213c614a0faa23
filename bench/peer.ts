import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuSeconds, type RunningApi, startServer, stop, waitFor } from './servers';
import { interleaved, lua, type WrkLoad, type WrkResult, wrk } from './wrk';

/**
 * `bun run bench --peer drf`: the seed's own stack (Django + DRF + gunicorn on SQLite, the peer
 * in ../shared/peers/drf, read where it lies and never copied) against this project, on the
 * same number of customers, driven by the same wrk scripts over the seed's paths, in
 * interleaved rounds. The bench installs nothing: it checks for the peer's Debian packages and
 * says how to get them.
 */

/** The peer's scripts name this interpreter (an earlier `python3` on PATH may lack Django). */
const PYTHON = '/usr/bin/python3';
const PACKAGES = 'python3-django python3-djangorestframework gunicorn';

/** The default peer folder: ../shared/peers/drf beside the repository's root. */
export const defaultPeerDir = (root: string) => resolve(root, '../shared/peers/drf');

/** Why the peer cannot run here, or null when it can. */
export function peerProblem(dir: string): string | null {
  if (!existsSync(join(dir, 'run.sh')) || !existsSync(join(dir, 'seed.py'))) {
    return `No DRF peer at ${dir} (run.sh and seed.py expected). Point --peer-dir at it; the default is ../shared/peers/drf beside the repository.`;
  }
  const check = spawnSync(PYTHON, ['-c', 'import django, rest_framework, gunicorn'], { encoding: 'utf8' });
  if (check.error || check.status !== 0) {
    return (
      `The DRF peer needs Django, Django REST Framework and gunicorn for ${PYTHON}, from Debian: ` +
      `apt-get install -y ${PACKAGES}   (the bench installs nothing itself)`
    );
  }
  return null;
}

export interface RunningPeer {
  process: ReturnType<typeof startServer>;
  port: number;
  token: string;
}

/**
 * The peer on its own database in `work`: `seed.py N --reset` (which prints the key), then
 * `run.sh PORT` (gunicorn, one sync worker per core, as this project runs one process per core).
 * PYTHONDONTWRITEBYTECODE keeps the peer's folder as it was.
 */
export async function startPeer(dir: string, work: string, customers: number, port: number): Promise<RunningPeer> {
  const env = {
    DB_PATH: join(work, 'peer.sqlite3'),
    PYTHONDONTWRITEBYTECODE: '1',
    WORKERS: String(availableParallelism()),
  };
  const seeded = spawnSync(PYTHON, ['seed.py', String(customers), '--reset'], {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`the peer's seed.py failed: ${seeded.stderr}`);
  const token = seeded.stdout.trim();
  const child = startServer(['sh', 'run.sh', String(port)], { cwd: dir, env });
  await waitFor(`http://127.0.0.1:${port}/api/health`);
  return { process: child, port, token };
}

/** The load for this comparison (`wrk -t2 -c32`, as the peer's own bench runs it). */
export const PEER_LOAD: WrkLoad = { threads: 2, connections: 32 };

/** The peer's benchmarked search: two filters, a page of 20 and the count. */
const PEER_SEARCH = 'customer_type=A&lead_source=direct_traffic';

export interface PeerScenario {
  name: string;
  ours: WrkResult;
  peer: WrkResult;
  /** The goal: this project's req/s at least this many times the peer's. */
  goal: number;
  note: string;
}

/**
 * Detail, search, create and add-follow-up, each in `rounds` interleaved rounds (ours, the
 * peer's, ours…). Creates are count-neutral (type B, referral), so the search (type A, direct
 * traffic) counts the same rows in every round.
 */
export async function comparePeer(
  ours: RunningApi,
  peer: RunningPeer,
  customers: number,
  rounds: number,
  seconds: number,
  scriptDir: string,
  log: (line: string) => void,
): Promise<PeerScenario[]> {
  const sides = [
    { name: 'ours', port: ours.port, token: ours.token, pid: ours.process.pid },
    { name: 'peer', port: peer.port, token: peer.token, pid: peer.process.pid },
  ];
  // Both must answer every load with a 2xx before anything is timed; the search says its count.
  const counts: number[] = [];
  for (const side of sides) {
    const auth = { authorization: `Token ${side.token}`, 'content-type': 'application/json' };
    const base = `http://127.0.0.1:${side.port}/api/customer`;
    const [detail, search] = await Promise.all([
      fetch(`${base}/detail/1/`, { headers: auth }),
      fetch(`${base}/customers/?${PEER_SEARCH}`, { headers: auth }),
    ]);
    for (const res of [detail, search]) {
      if (res.status !== 200) throw new Error(`${side.name}: ${res.url} answered ${res.status}`);
    }
    counts.push(((await search.json()) as { count: number }).count);
  }
  const scenarios = [
    { name: 'Detail by id + log', script: (key: string) => lua.detail(key, customers), goal: 25 },
    {
      name: `Search ${PEER_SEARCH}, page + count`,
      script: (key: string) => lua.searchFixed(key, PEER_SEARCH),
      goal: 12,
    },
    { name: 'Create customer', script: (key: string) => lua.createCustomer(key), goal: 8 },
    { name: 'Add follow-up', script: (key: string) => lua.addFollowUp(key, customers), goal: 8 },
  ];
  // Warm-up: the pages (both), the JIT of each of our worker processes (on its share of the
  // requests, so as many times as long as there are workers) and of the peer's Python.
  for (const [i, side] of sides.entries()) {
    const seconds = i === 0 ? 5 * ours.workers : 5;
    await wrk(side.port, lua.detail(side.token, customers), seconds, scriptDir, PEER_LOAD);
    await wrk(side.port, lua.searchFixed(side.token, PEER_SEARCH), 2, scriptDir, PEER_LOAD);
  }
  const results: PeerScenario[] = [];
  for (const scenario of scenarios) {
    const [oursResult, peerResult] = (await interleaved(
      sides.map((side) => ({
        port: side.port,
        script: scenario.script(side.token),
        cpuOf: () => cpuSeconds(side.pid),
      })),
      rounds,
      seconds,
      scriptDir,
      PEER_LOAD,
      (round, results) =>
        log(
          `peer ${scenario.name} round ${round + 1}: ours ${results[0]?.rps.toFixed(0)}, peer ${results[1]?.rps.toFixed(0)} req/s`,
        ),
    )) as [WrkResult, WrkResult];
    results.push({
      name: scenario.name,
      ours: oursResult,
      peer: peerResult,
      goal: scenario.goal,
      note: scenario.name.startsWith('Search') ? `count ${counts[0]} (ours) / ${counts[1]} (peer)` : '',
    });
  }
  return results;
}

export async function stopPeer(peer: RunningPeer) {
  await stop(peer.process);
}
