import { expect } from 'bun:test';
import {
  type Customer,
  type CustomerDetail,
  type FollowUp,
  type Page,
  seedCustomerExample,
  seedFollowUpExample,
} from '@crm/schema';
import type { ClientResponse } from 'hono/client';
import type { TestApi } from './test-api';

/**
 * Helpers for the HTTP suite. They only speak HTTP through `api.call`, so the same tests can run
 * against any server (the Bun server here, `wrangler dev` later) and against a database that
 * already holds other tests' rows: each test makes its rows distinguishable with a principal of
 * its own and filters by it instead of assuming an empty database.
 */

export type Json = Record<string, unknown>;

/** The answers' shapes are the contract's (packages/schema), not test-local copies. */
export type CustomerBody = Customer;
export type FollowUpBody = FollowUp;
export type PageBody<T = Customer> = Page<T>;

/**
 * The body of a typed client's answer after checking its status (so a failure shows the body
 * that came back), typed as the route declares that status.
 */
export async function expectStatus<R extends ClientResponse<unknown, number, string>, S extends R['status']>(
  res: R,
  status: S,
): Promise<Extract<R, { status: S }> extends ClientResponse<infer T, number, string> ? T : never> {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  return text === '' ? (undefined as never) : JSON.parse(text);
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

/** Typed as the seed's customer; tests that send other values use `api.call`. */
type CustomerJson = Parameters<TestApi['client']['api']['customer']['customers']['$post']>[0]['json'];
type FollowUpJson = Parameters<TestApi['client']['api']['customer']['follow-up']['$post']>[0]['json'];

export async function createCustomer(api: TestApi, overrides: Json = {}): Promise<Customer> {
  const json = { ...seedCustomerExample, ...overrides } as CustomerJson;
  return expectStatus(await api.client.api.customer.customers.$post({ json }), 201);
}

/** The seed's follow-up request (document 6), with its "customer" field, which is output only. */
export const seedFollowUp = (customerId: string, overrides: Json = {}) => ({
  ...seedFollowUpExample,
  customer_id: customerId,
  ...overrides,
});

export async function addFollowUp(api: TestApi, customerId: string, overrides: Json = {}): Promise<FollowUp> {
  const json = seedFollowUp(customerId, overrides) as FollowUpJson;
  return expectStatus(await api.client.api.customer['follow-up'].$post({ json }), 201);
}

export async function getCustomer(api: TestApi, id: string): Promise<CustomerDetail> {
  return expectStatus(await api.client.api.customer.detail[':id'].$get({ param: { id } }), 200);
}

/** One page of the customer search; `query` is a query string, as a client would build it. */
export async function search(api: TestApi, query: string): Promise<Page<Customer>> {
  const params = Object.fromEntries(new URLSearchParams(query));
  return expectStatus(await api.client.api.customer.customers.$get({ query: params }), 200);
}

/** The ids of a page's results, in order. */
export const idsOf = (page: { results: { id: string }[] }) => page.results.map((row) => row.id);

/** The ids of rows a test created (destructured from an array, hence possibly undefined). */
export const idList = (...rows: ({ id: string } | undefined)[]) => rows.map((row) => row?.id ?? '');

export const principalQuery = (principal: string) => `principal=${encodeURIComponent(principal)}`;
