import {
  type ChoiceField,
  choiceFields,
  choices,
  DEFAULT_PAGE_SIZE,
  type Ordering,
  orderings,
} from '@crm/schema/choices';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { listOwner, type OwnerView } from './ownership';

/**
 * The customer list's state lives in the URL (bookmarkable, the back button works). These pure
 * functions turn the route's query into that state and back, and into the API's query.
 */
export interface ListState {
  filters: Record<ChoiceField, string>;
  principal: string;
  /** The "All" and "Mine" tabs (`owner=me`). */
  owner: OwnerView;
  q: string;
  ordering: Ordering | '';
  page: number;
  pageSize: number;
}

export const pageSizes = [10, 20, 50, 100] as const;

export const first = (value: LocationQuery[string] | undefined): string => {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'string' ? item : '';
};

const positive = (text: string, fallback: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};

export interface Paging {
  page: number;
  pageSize: number;
}

/** `page` and `page_size` of a screen's URL; anything else falls back to the defaults. */
export function parsePaging(query: LocationQuery): Paging {
  const pageSize = positive(first(query.page_size), DEFAULT_PAGE_SIZE);
  return {
    page: positive(first(query.page), 1),
    pageSize: (pageSizes as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** The API's paging: the page (when past the first) and always the size. */
export function apiPaging(filters: Record<string, string>, { page, pageSize }: Paging): Record<string, string> {
  const query = { ...filters };
  if (page > 1) query.page = String(page);
  query.page_size = String(pageSize);
  return query;
}

/** The URL's paging: defaults are left out so URLs stay short. */
export function routePaging(filters: Record<string, string>, { page, pageSize }: Paging): LocationQueryRaw {
  const query: LocationQueryRaw = { ...filters };
  if (page > 1) query.page = String(page);
  if (pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(pageSize);
  return query;
}

/** Unknown values (an old bookmark, a typo) fall back to "All" instead of a 400. */
export function parseListQuery(query: LocationQuery): ListState {
  const filters = {} as Record<ChoiceField, string>;
  for (const field of choiceFields) {
    const value = first(query[field]);
    filters[field] = (choices[field] as readonly string[]).includes(value) ? value : '';
  }
  const ordering = first(query.ordering);
  return {
    filters,
    principal: first(query.principal),
    owner: listOwner(query),
    q: first(query.q),
    ordering: (orderings as readonly string[]).includes(ordering) ? (ordering as Ordering) : '',
    ...parsePaging(query),
  };
}

/** The filters only (what export sends): "All" and empty values are left out, as the seed says. */
export function filterQuery(state: ListState): Record<string, string> {
  const query: Record<string, string> = {};
  for (const field of choiceFields) if (state.filters[field]) query[field] = state.filters[field];
  if (state.principal.trim()) query.principal = state.principal.trim();
  if (state.owner === 'me') query.owner = 'me';
  if (state.q.trim()) query.q = state.q.trim();
  if (state.ordering) query.ordering = state.ordering;
  return query;
}

/** The API query for one page of the list. */
export function apiQuery(state: ListState): Record<string, string> {
  return apiPaging(filterQuery(state), state);
}

/** The route query: like the API's, but defaults are left out so URLs stay short. */
export function routeQuery(state: ListState): LocationQueryRaw {
  return routePaging(filterQuery(state), state);
}

/** Clicking a column: ascending, then descending, then back to the server's default order. */
export function nextOrdering(current: Ordering | '', field: string): Ordering | '' {
  if (current === field) return `-${field}` as Ordering;
  if (current === `-${field}`) return '';
  return field as Ordering;
}
