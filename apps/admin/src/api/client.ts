import type { AppType } from '@crm/api';
import { hc } from 'hono/client';

/**
 * The typed API client. `AppType` is imported as a type only, so no server code reaches the
 * bundle; every request goes through `authFetch`, the one place that adds the key and the one
 * place that reacts to a 401.
 */
const TOKEN_KEY = 'crm.token';

/** A DRF error answer: `{"detail": …}`, `{"field": ["…"]}` or `{"non_field_errors": ["…"]}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(describeError(status, body));
  }

  /** `{"field": ["message"]}` when the server named fields, else an empty object. */
  get fieldErrors(): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    if (typeof this.body !== 'object' || this.body === null) return errors;
    for (const [key, value] of Object.entries(this.body)) {
      if (Array.isArray(value)) errors[key] = value.map(String);
    }
    return errors;
  }
}

function describeError(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    const first = Object.values(record).find(Array.isArray);
    if (first?.[0] !== undefined) return String(first[0]);
  }
  return `HTTP ${status}`;
}

/** The network itself failed (offline, server down): distinct from an answer with an error. */
export class NetworkError extends Error {}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
}

let unauthorizedHandler: (body: unknown) => void = () => {};

/**
 * main.ts installs the router redirect here, so this module needs neither router nor stores. It
 * gets the 401's body: a disabled user's key says so ("User inactive or deleted.").
 */
export function onUnauthorized(handler: (body: unknown) => void): void {
  unauthorizedHandler = handler;
}

/** The one 401 path: forget the key, hand over to the handler (back to log in), then throw. */
export function handleUnauthorized(body: unknown): never {
  setToken(null);
  unauthorizedHandler(body);
  throw new ApiError(401, body);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Token ${token}` } : {};
}

/** fetch with the key; any answer other than 2xx becomes an `ApiError`. */
export async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError((error as Error).message);
  }
  if (response.status === 401) handleUnauthorized(await readBody(response));
  if (!response.ok) throw new ApiError(response.status, await readBody(response));
  return response;
}

/** `api.customer.customers.$get(…)` and so on: paths and bodies are checked against the server. */
export const api = hc<AppType>(globalThis.location?.origin ?? 'http://localhost', { fetch: authFetch }).api;
