import { createMiddleware } from 'hono/factory';

/** One line per request: method, path, status, milliseconds. Never bodies, queries or headers. */
export const requestLog = (write: (line: string) => void = console.log) =>
  createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });
