import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { anonymous, expectJson, principalQuery, search, uniquePrincipal } from '../testing/http-fixtures';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';
import { MAX_BODY_BYTES } from './validate';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('secure headers', () => {
  test('every API answer allows nothing to load or frame it, sniffs nothing and is not cached', async () => {
    for (const res of [await api.client.api.health.$get(), await api.client.api.customer.options.$get()]) {
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('errors carry the same headers as answers', async () => {
    const res = await anonymous(api, 'GET', '/api/customer/customers/');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('only /api/docs may run its inline boot script; pages get the strict page policy', async () => {
    const docs = await anonymous(api, 'GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(docs.headers.get('x-xss-protection')).toBe('0');
    const page = await fetch(`${api.base}/some/admin/page`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('CORS', () => {
  test('is closed by default: no Access-Control-Allow-Origin for any origin', async () => {
    const get = await api.call('GET', '/api/customer/options/', undefined, { origin: 'https://elsewhere.test' });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${api.base}/api/customer/customers/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  bunOnly('configures the in-process app', () => {
    let open: TestApi;
    beforeAll(async () => {
      open = await startTestApi({ corsOrigins: ['https://admin.example.test'] });
    });
    afterAll(() => open.close());

    test('opens to the CORS_ORIGINS allowlist only, preflights included', async () => {
      const preflight = await fetch(`${open.base}/api/customer/customers/`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://admin.example.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://admin.example.test');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

      const allowed = await open.call('GET', '/api/customer/options/', undefined, {
        origin: 'https://admin.example.test',
      });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.test');
      const other = await open.call('GET', '/api/customer/options/', undefined, { origin: 'https://evil.test' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('body limit', () => {
  const principal = uniquePrincipal('body-limit');
  const oversized = () => JSON.stringify(seedCustomer({ principal, company_details: 'x'.repeat(MAX_BODY_BYTES) }));
  const created = async () => (await search(api, principalQuery(principal))).count;

  test('answers 413 for a body over 64 KB with a Content-Length', async () => {
    const res = await api.call('POST', '/api/customer/customers/', oversized());
    expect(await expectJson(res, 413)).toEqual({ detail: 'Request body is larger than 64 KB.' });
    expect(await created()).toBe(0);
  });

  /** POSTs `text` as a stream of chunks: fetch then sends it chunked, with no Content-Length. */
  const postChunked = (text: string, chunkSize: number) => {
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += chunkSize) controller.enqueue(bytes.slice(at, at + chunkSize));
        controller.close();
      },
    });
    return fetch(`${api.base}/api/customer/customers/`, {
      method: 'POST',
      headers: { authorization: `Token ${api.token}`, 'content-type': 'application/json' },
      body,
      // @ts-expect-error Bun and Node need it for a stream body; the DOM types do not know it.
      duplex: 'half',
    });
  };

  test('answers 413 for a chunked body over 64 KB without a Content-Length', async () => {
    const res = await postChunked(oversized(), 8192);
    expect(await expectJson(res, 413)).toEqual({ detail: 'Request body is larger than 64 KB.' });
    expect(await created()).toBe(0);
  });

  test('accepts a chunked body under the limit', async () => {
    const res = await postChunked(JSON.stringify(seedCustomer({ principal })), 10);
    expect(res.status).toBe(201);
    expect(await created()).toBe(1);
  });
});
