/**
 * What the Worker build gets for `zod/v4/core` (wrangler.jsonc `alias`). hono-openapi's schema
 * converter does `await import('zod/v4/core')` for `toJSONSchema` alone; bundled as it is, that
 * dynamic import keeps all of zod's core with its ~60 locales (+62 KiB gzipped, measured).
 */
export { toJSONSchema } from 'zod';
