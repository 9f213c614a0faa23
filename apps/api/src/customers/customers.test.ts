import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('POST /api/customer/customers/', () => {
  test('creates the seed example and answers 201 with the customer and its Location', async () => {
    const res = await api.call('POST', '/api/customer/customers/', seedCustomer());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body.id).toMatch(/^\d+$/);
    expect(body.name).toBe('John Doe');
    expect(res.headers.get('location')).toBe(`/api/customer/detail/${body.id}/`);
  });
});
