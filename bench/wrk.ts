import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * wrk (Debian's `wrk`), run to its end on 127.0.0.1, and the Lua scripts of the loads. The
 * scripts use the seed's paths and bodies only (API.md), so the same script drives this project
 * and the DRF peer (bench/peer.ts).
 */

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** The server's CPU during the run, in cores (1 = one core busy throughout), when measured. */
  cpu?: number;
  /** The whole machine's busy CPU during the run, and wrk's own, in cores: the rest is other jobs. */
  machine: number;
  wrkCpu: number;
}

export interface WrkLoad {
  threads: number;
  connections: number;
}

/** The bench's usual load: one thread (the server needs the other core), 50 connections. */
export const BENCH_LOAD: WrkLoad = { threads: 1, connections: 50 };

/** wrk's figures in ms: `--latency` prints the distribution. */
export function parseWrk(output: string): Omit<WrkResult, 'machine' | 'wrkCpu'> {
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)`, 'm').exec(output);
    if (!match) return Number.NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN),
    p50: ms('50%'),
    p99: ms('99%'),
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
    errors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
  };
}

/**
 * One bounded wrk run against 127.0.0.1:`port`; `scriptDir` holds the Lua file. Asynchronous, so
 * the bench can sample the server's memory meanwhile.
 */
export async function wrk(
  port: number,
  script: string,
  seconds: number,
  scriptDir: string,
  load = BENCH_LOAD,
): Promise<WrkResult> {
  const file = `${scriptDir}/${Bun.hash(script).toString(16)}.lua`;
  writeFileSync(file, script);
  const before = machineTicks();
  const run = Bun.spawn(
    [
      'wrk',
      `-t${load.threads}`,
      `-c${load.connections}`,
      `-d${seconds}s`,
      '--latency',
      '--timeout',
      '5s',
      '-s',
      file,
      `http://127.0.0.1:${port}`,
    ],
    { stdout: 'pipe', stderr: 'pipe', timeout: (seconds + 30) * 1000 },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(run.stdout).text(),
    new Response(run.stderr).text(),
    run.exited,
  ]);
  if (code !== 0) throw new Error(`wrk failed: ${stderr}`);
  const after = machineTicks();
  const elapsed = (after.total - before.total) / cpus().length;
  return {
    ...parseWrk(stdout),
    machine: (after.busy - before.busy) / elapsed,
    // µs of CPU; the elapsed ticks are 1/100 s.
    wrkCpu: Number(run.resourceUsage()?.cpuTime.total ?? 0n) / 1e6 / (elapsed / 100),
  };
}

/** /proc/stat's first line: ticks the machine's CPUs were busy, and all ticks, since boot. */
function machineTicks() {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  // idle and iowait are the 4th and 5th.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/** Other jobs' CPU during a run, in cores: the machine's busy CPU less the server's and wrk's. */
export const othersCpu = (r: WrkResult) => Math.max(0, r.machine - (r.cpu ?? 0) - r.wrkCpu);

/** Equal-length rounds as one: mean req/s, median p50/p99, summed counts. */
export function combineRounds(results: WrkResult[]): WrkResult {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const sum = (pick: (r: WrkResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    rps: sum((r) => r.rps) / results.length,
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    cpu: results.every((r) => r.cpu !== undefined) ? sum((r) => r.cpu ?? 0) / results.length : undefined,
    machine: sum((r) => r.machine) / results.length,
    wrkCpu: sum((r) => r.wrkCpu) / results.length,
  };
}

/**
 * Interleaved rounds: each load runs `rounds` times, the servers taking turns (A, B, A, B…), so a
 * slow spell of the shared machine falls on both instead of deciding a ratio. Returns each
 * server's rounds combined, in the order given.
 */
export async function interleaved(
  servers: { port: number; script: string; cpuOf?: () => number }[],
  rounds: number,
  seconds: number,
  scriptDir: string,
  load = BENCH_LOAD,
  onRound: (round: number, results: WrkResult[]) => void = () => {},
): Promise<WrkResult[]> {
  const results = servers.map((): WrkResult[] => []);
  for (let round = 0; round < rounds; round++) {
    const these: WrkResult[] = [];
    for (const [i, { port, script, cpuOf }] of servers.entries()) {
      const cpuBefore = cpuOf?.();
      const started = performance.now();
      const result = await wrk(port, script, seconds, scriptDir, load);
      if (cpuOf && cpuBefore !== undefined) {
        result.cpu = (cpuOf() - cpuBefore) / ((performance.now() - started) / 1000);
      }
      results[i]?.push(result);
      these.push(result);
    }
    onRound(round, these);
  }
  return results.map(combineRounds);
}

const auth = (key: string) => `["Authorization"] = "Token ${key}"`;

export const lua = {
  detail: (key: string, n: number) => `
math.randomseed(7)
local headers = { ${auth(key)} }
request = function()
  return wrk.format("GET", "/api/customer/detail/" .. math.random(1, ${n}) .. "/", headers)
end`,
  /** Random combinations of the four choice filters (this project's seed data). */
  search: (key: string) => `
math.randomseed(11)
local headers = { ${auth(key)} }
local fields = {
  { "customer_type", { "A", "B", "C", "D" } },
  { "lead_source", { "referral", "organic_search", "cold_call", "partner", "exhibition" } },
  { "customer_industry", { "finance", "retail", "healthcare", "energy", "media", "education" } },
  { "follow_up_status", { "initial_contact", "proposal", "negotiation", "closed_won" } },
}
request = function()
  local query = {}
  local mask = math.random(1, 15)
  for bit = 1, 4 do
    if math.floor(mask / 2 ^ (bit - 1)) % 2 == 1 then
      local values = fields[bit][2]
      query[#query + 1] = fields[bit][1] .. "=" .. values[math.random(1, #values)]
    end
  end
  return wrk.format("GET", "/api/customer/customers/?" .. table.concat(query, "&"), headers)
end`,
  /** One fixed query, as a client would repeat it: a page of 20 and the count. */
  searchFixed: (key: string, query: string) => `
local headers = { ${auth(key)} }
request = function()
  return wrk.format("GET", "/api/customer/customers/?${query}", headers)
end`,
  /** A new customer each request; `fields` overrides the choice fields (e.g. to stay out of a search). */
  createCustomer: (key: string, fields = { customer_type: 'B', lead_source: 'referral' }) => `
local n = 0
request = function()
  n = n + 1
  local body = '{"name":"Bench Customer ' .. n .. '","mobile_phone":"0404 111 ' .. (n % 1000) .. '",' ..
    '"email":"bench' .. n .. '@example.com","customer_type":"${fields.customer_type}","lead_source":"${fields.lead_source}",' ..
    '"customer_industry":"retail","follow_up_status":"proposal","principal":"Bench Writer",' ..
    '"company_details":"Bench Pty Ltd","address":"1 Bench Street, Perth"}'
  return wrk.format("POST", "/api/customer/customers/",
    { ${auth(key)}, ["Content-Type"] = "application/json" }, body)
end`,
  // Logged as it happens: dated now, so the entry is its customer's newest and moves the contact
  // times and their indexes (an entry dated in the past moves nothing and measured 15 % faster).
  addFollowUp: (key: string, n: number) => `
math.randomseed(13)
request = function()
  local now = os.time()
  local body = '{"customer_id":' .. math.random(1, ${n}) .. ',"title":"Call","time":"' ..
    os.date("!%Y-%m-%dT%H:%M:%SZ", now) .. '","principal":"Bench Writer","content":"Talked about the renewal",' ..
    '"next_time":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", now + 7 * 86400) .. '"}'
  return wrk.format("POST", "/api/customer/follow-up/",
    { ${auth(key)}, ["Content-Type"] = "application/json" }, body)
end`,
};
