import { expect } from 'bun:test';
import { seedFollowUpExample } from '@crm/schema';
import { seedCustomer, type TestApi } from './test-api';

/**
 * Helpers for the HTTP suite. They only speak HTTP through `api.call`, so the same tests can run
 * against any server (the Bun server here, `wrangler dev` later) and against a database that
 * already holds other tests' rows: each test makes its rows distinguishable with a principal of
 * its own and filters by it instead of assuming an empty database.
 */

export type Json = Record<string, unknown>;

export interface CustomerBody extends Json {
  id: string;
  name: string;
  principal: string;
  created_at: string;
  updated_at: string;
  last_contact_at: string | null;
  next_follow_up_at: string | null;
}

export interface FollowUpBody extends Json {
  id: string;
  customer_id: string;
  customer: string;
  time: string;
  next_time: string | null;
}

export interface PageBody<T = CustomerBody> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

let counter = 0;

/** A principal no other test (or earlier run against the same database) uses. */
export function uniquePrincipal(label = 'test'): string {
  counter += 1;
  return `${label} ${counter} ${crypto.randomUUID().slice(0, 8)}`;
}

/** Reads a JSON body after checking the status, so a failure shows the body that came back. */
export async function expectJson<T = Json>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  return JSON.parse(text) as T;
}

/** The request without the test key: `authorization: ''` overrides the helper's header. */
export const anonymous = (api: TestApi, method: string, path: string, body?: unknown, headers = {}) =>
  api.call(method, path, body, { authorization: '', ...headers });

export async function createCustomer(api: TestApi, overrides: Json = {}): Promise<CustomerBody> {
  return expectJson<CustomerBody>(await api.call('POST', '/api/customer/customers/', seedCustomer(overrides)), 201);
}

/** The seed's follow-up request (document 6), with its "customer" field, which is output only. */
export const seedFollowUp = (customerId: string, overrides: Json = {}) => ({
  ...seedFollowUpExample,
  customer_id: customerId,
  ...overrides,
});

export async function addFollowUp(api: TestApi, customerId: string, overrides: Json = {}): Promise<FollowUpBody> {
  const body = seedFollowUp(customerId, overrides);
  return expectJson<FollowUpBody>(await api.call('POST', '/api/customer/follow-up/', body), 201);
}

export async function getCustomer(api: TestApi, id: string): Promise<CustomerBody & { follow_up_log: FollowUpBody[] }> {
  return expectJson(await api.call('GET', `/api/customer/detail/${id}/`), 200);
}

/** One page of the customer search; `query` is appended as given. */
export async function search(api: TestApi, query: string): Promise<PageBody> {
  return expectJson<PageBody>(await api.call('GET', `/api/customer/customers/?${query}`), 200);
}

/** The ids of a page's results, in order. */
export const idsOf = (page: { results: { id: string }[] }) => page.results.map((row) => row.id);

/** The ids of rows a test created (destructured from an array, hence possibly undefined). */
export const idList = (...rows: ({ id: string } | undefined)[]) => rows.map((row) => row?.id ?? '');

export const principalQuery = (principal: string) => `principal=${encodeURIComponent(principal)}`;
