import type { Context } from 'hono';

/** How the app learns a request's client address; the entry point chooses (see createApp). */
export type ClientAddress = (c: Context) => string | undefined;

interface RequestIpServer {
  requestIP(request: Request): { address: string } | null;
}

const hasRequestIp = (env: unknown): env is RequestIpServer =>
  typeof (env as Partial<RequestIpServer> | undefined)?.requestIP === 'function';

/**
 * The socket's address where the runtime hands the app a server that knows it (Bun.serve passes
 * itself as the app's env), else undefined. Duck-typed, so the app stays runtime-neutral.
 */
export const socketAddress: ClientAddress = (c) =>
  hasRequestIp(c.env) ? c.env.requestIP(c.req.raw)?.address : undefined;

/**
 * The address from a header set by a trusted proxy (CLIENT_IP_HEADER): only when configured,
 * since a client can send any header. Of a list (`X-Forwarded-For`), the last entry is the
 * one our proxy appended; earlier ones are the client's word.
 */
export function headerAddress(header: string): ClientAddress {
  return (c) => {
    const entries = (c.req.header(header) ?? '').split(',').map((entry) => entry.trim());
    const last = entries[entries.length - 1];
    return last ? last : undefined;
  };
}
