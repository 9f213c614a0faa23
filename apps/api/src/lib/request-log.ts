import { createMiddleware } from 'hono/factory';

/** One request as the log prints it: method, path, status, milliseconds. Never bodies, queries or headers. */
export const requestLine = (method: string, path: string, status: number, started: number) =>
  `${method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`;

/** One line per request (`requestLine`). */
export const requestLog = (write: (line: string) => void = console.log) =>
  createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    write(requestLine(c.req.method, c.req.path, c.res.status, started));
  });
