import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'bun';
import { requestLine } from '../lib/request-log';

/**
 * One writer among the worker processes (WORKERS > 1): worker 1 runs every request that may
 * write; the others hand theirs to it over a Unix socket and relay its answer.
 *
 * Why (measured, docs/PERFORMANCE.md): with every worker writing, the processes meet at SQLite's
 * write lock, and a process that finds it taken waits in SQLite's busy handler, which sleeps
 * on the event loop's thread: its reads stall too; writes were no faster than with one process,
 * their p99 three to ten times higher. One writer keeps the lock in one process, where group
 * commit (db/group-commit.ts) batches the writes of all the workers: as fast as one process,
 * with its p99; the hop over the socket costs less than the waits did.
 */

/** The client's address of a forwarded request: set by the forwarding worker, read on the writer's socket only. */
const FORWARDED_CLIENT = 'x-crm-forwarded-client';

type Fetch = (request: Request, server: Server<undefined>) => Response | Promise<Response>;

/** What may write: every method with a body. GET and HEAD only read (the minute-resolution key use stamp aside). */
const mayWrite = (request: Request) =>
  request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';

/**
 * The writer's side: the app on `socket` for the other workers' writes. The app reads the client
 * address from the server it is handed (lib/client-address.ts), here the forwarder's word.
 */
export function serveForwardedWrites(
  socket: string,
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
) {
  // The primary's private folder (0700), made again if a writer before this one removed it; and
  // the socket file of a writer before this one, killed, removed.
  mkdirSync(dirname(socket), { recursive: true, mode: 0o700 });
  rmSync(socket, { force: true });
  const forwarded = {
    requestIP: (request: Request) => {
      const address = request.headers.get(FORWARDED_CLIENT);
      return address ? { address } : null;
    },
  };
  return Bun.serve({ unix: socket, fetch: (request) => fetch(request, forwarded) });
}

/**
 * The other workers' side: writes go to the writer on `socket`, everything else to the app here.
 * With `log`, a forwarded request gets its line here, where it was received (the writer's socket
 * does not log).
 */
export function forwardingWrites(socket: string, fetch: Fetch, log?: (line: string) => void): Fetch {
  const forward = async (request: Request, server: Server<undefined>) => {
    const headers = new Headers(request.headers);
    // Overwritten, never passed on: a client must not choose its own address.
    const address = server.requestIP(request)?.address;
    if (address) headers.set(FORWARDED_CLIENT, address);
    else headers.delete(FORWARDED_CLIENT);
    try {
      return await globalThis.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body,
        unix: socket,
        redirect: 'manual',
        decompress: false,
      });
    } catch {
      // The writer is gone (the primary is starting a new one): the change was not acknowledged.
      return Response.json(
        { detail: 'The change could not be saved; please try again.' },
        { status: 503, headers: { 'Retry-After': '1' } },
      );
    }
  };
  const write = !log
    ? forward
    : async (request: Request, server: Server<undefined>) => {
        const started = performance.now();
        const response = await forward(request, server);
        // The path as the app's own line has it (its non-strict routing drops a final slash).
        const path = new URL(request.url).pathname.replace(/(.)\/$/, '$1');
        log(`${requestLine(request.method, path, response.status, started)} (written by worker 1)`);
        return response;
      };
  // Not async itself: a read goes to the app as directly as on the writer.
  return (request, server) => (mayWrite(request) ? write(request, server) : fetch(request, server));
}
