import { MAX_STATIC_PATH_BYTES } from '../admin-pages';

/**
 * Request targets that once made the static routes fail (a 2,000-character name was a 500) or
 * that a path-traversal scanner tries, with the statuses each may get. Sent raw (raw-http.ts)
 * by the static-path fuzzer on Bun and Workers and by the single executable's test.
 */
const long = (n: number) => 'a'.repeat(n);
const oneOf = (...statuses: number[]) => statuses;

// The statuses each runtime may give: its HTTP layer refuses some request lines itself (400),
// or resolves dot segments before the app sees them (then the page or a 404).
export const staticPathCases: [what: string, target: string, statuses: number[]][] = [
  ['a 2,000-character file name under /assets/', `/assets/${long(2000)}.js`, oneOf(404)],
  ['a 2,000-character name under /assets/, no extension', `/assets/${long(2000)}`, oneOf(404)],
  ['a 2,000-character page path', `/${long(2000)}`, oneOf(404)],
  ['a path longer than PATH_MAX', `/assets/${long(MAX_STATIC_PATH_BYTES)}`, oneOf(414)],
  ['a missing script (a stale tab after a deploy)', '/assets/index-0000000.js', oneOf(404)],
  ['the assets folder itself', '/assets/', oneOf(404)],
  ['a missing file with an extension outside /assets/', '/favicon.ico', oneOf(404)],
  ['a missing Swagger UI file', '/swagger-ui-dist/no-such-file.js', oneOf(404)],
  ['an encoded NUL', '/assets/app%00.js', oneOf(400, 404)],
  ['an encoded NUL in a page path', '/customers/%00', oneOf(400, 404)],
  ['an encoded backslash', '/assets/..%5c..%5cetc%5cpasswd', oneOf(400, 404)],
  // WHATWG URL parsing (Bun's) reads `\` as `/` and resolves the dots: the page for /etc/passwd.
  ['a raw backslash', '/assets/..\\..\\etc\\passwd', oneOf(400, 404, 200)],
  ['encoded slashes climbing out', '/assets/..%2f..%2f..%2fetc%2fpasswd', oneOf(400, 404)],
  ['encoded dot segments', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', oneOf(400, 404, 200)],
  ['raw dot segments', '/assets/../../../../etc/passwd', oneOf(400, 404, 200)],
  ['a malformed escape', '/assets/%ff%fe.js', oneOf(400, 404)],
  ['a lone percent sign', '/assets/100%.js', oneOf(400, 404)],
  ['encoded Unicode', '/assets/%E5%AE%A2%E6%88%B7.js', oneOf(404)],
  ['an encoded emoji page path', '/%F0%9F%98%80', oneOf(200)],
  ['a long Unicode name', `/assets/${'%E5%AE%A2'.repeat(100)}.js`, oneOf(404)],
];
