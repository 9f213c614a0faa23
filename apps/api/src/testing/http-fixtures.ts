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
 * Helpers for the HTTP suite. They only speak HTTP (through `api.client`, or `api.call` for what
 * it cannot send), so the same tests run against the Bun server and `wrangler dev`, and against a
 * database that already holds other tests' rows: each test makes its rows distinguishable with a
 * principal of its own and filters by it instead of assuming an empty database.
 */

export type Json = Record<string, unknown>;

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

/** Options for one request of the typed client: without the test key (a login, say). */
export const withoutKey = { headers: { authorization: '' } };

type LoginJson = Parameters<TestApi['client']['api']['auth']['token']['$post']>[0]['json'];

/** `POST /api/auth/token/` as a client that has no key yet sends it. */
export const login = (api: TestApi, json: LoginJson) => api.client.api.auth.token.$post({ json }, withoutKey);

/** Typed as the seed's customer; tests that send other values use `api.call`. */
type CustomerJson = Parameters<TestApi['client']['api']['customer']['customers']['$post']>[0]['json'];
type FollowUpJson = Parameters<TestApi['client']['api']['customer']['follow-up']['$post']>[0]['json'];

export async function createCustomer(api: TestApi, overrides: Json = {}): Promise<Customer> {
  const json = { ...seedCustomerExample, ...overrides } as CustomerJson;
  return expectStatus(await api.client.api.customer.customers.$post({ json }), 201);
}

/**
 * The seed's follow-up request (document 6), with its "customer" field, which is output only;
 * typed as written, as `seedCustomer` is.
 */
export const seedFollowUp = <const T extends Json = Record<never, never>>(customerId: string, overrides: T = {} as T) =>
  ({ ...seedFollowUpExample, customer_id: customerId, ...overrides }) as Omit<
    Omit<typeof seedFollowUpExample, 'customer_id'> & { customer_id: string },
    keyof T
  > &
    T;

export async function addFollowUp(api: TestApi, customerId: string, overrides: Json = {}): Promise<FollowUp> {
  const json = seedFollowUp(customerId, overrides) as FollowUpJson;
  return expectStatus(await api.client.api.customer['follow-up'].$post({ json }), 201);
}

export async function getCustomer(api: TestApi, id: string): Promise<CustomerDetail> {
  return expectStatus(await api.client.api.customer.detail[':id'].$get({ param: { id } }), 200);
}

type Routes = TestApi['client']['api']['customer'];
export type CustomerPatchJson = Parameters<Routes['customers'][':id']['$patch']>[0]['json'];
export type FollowUpPatchJson = Parameters<Routes['follow-up'][':id']['$patch']>[0]['json'];

/*
 * The typed client's requests that many suites make, each answering whatever the server said:
 * the caller narrows on its status.
 */
export const patchCustomer = (api: TestApi, id: string, json: CustomerPatchJson) =>
  api.client.api.customer.customers[':id'].$patch({ param: { id }, json });
/** DELETE /customers/<id>/: into the trash. */
export const trashCustomer = (api: TestApi, id: string) =>
  api.client.api.customer.customers[':id'].$delete({ param: { id } });
export const restoreCustomer = (api: TestApi, id: string) =>
  api.client.api.customer.customers[':id'].restore.$post({ param: { id } });
/** DELETE /trash/<id>/: gone for good. */
export const purgeCustomer = (api: TestApi, id: string) =>
  api.client.api.customer.trash[':id'].$delete({ param: { id } });
export const getFollowUp = (api: TestApi, id: string) =>
  api.client.api.customer['follow-up'][':id'].$get({ param: { id } });
export const patchFollowUp = (api: TestApi, id: string, json: FollowUpPatchJson) =>
  api.client.api.customer['follow-up'][':id'].$patch({ param: { id }, json });
export const deleteFollowUp = (api: TestApi, id: string) =>
  api.client.api.customer['follow-up'][':id'].$delete({ param: { id } });

/** A query string, as a client would build it, as the typed client's `query` (one value a name). */
export const queryOf = (query: string): Record<string, string> => Object.fromEntries(new URLSearchParams(query));

/** The customer search's answer, whatever its status. */
export const searchResponse = (api: TestApi, query: string) =>
  api.client.api.customer.customers.$get({ query: queryOf(query) });

/** One page of the customer search; `query` is a query string, as a client would build it. */
export async function search(api: TestApi, query: string): Promise<Page<Customer>> {
  return expectStatus(await searchResponse(api, query), 200);
}

/** The ids of a page's results, in order. */
export const idsOf = (page: { results: { id: string }[] }) => page.results.map((row) => row.id);

/** The ids of rows a test created (destructured from an array, hence possibly undefined). */
export const idList = (...rows: ({ id: string } | undefined)[]) => rows.map((row) => row?.id ?? '');

export const principalQuery = (principal: string) => `principal=${encodeURIComponent(principal)}`;
