import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '@crm/schema';
import { invalidPage } from './errors';

interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
}

/**
 * DRF's PageNumberPagination: `page` from 1 (anything else is `404 Invalid page.`), `page_size`
 * defaulting to DEFAULT_PAGE_SIZE and capped at MAX_PAGE_SIZE (@crm/schema). A `page_size` that is not a positive integer falls back
 * to the default, as DRF does.
 */
export function pageRequest(query: { page?: string; page_size?: string }): PageRequest {
  const page = query.page === undefined || query.page === '' ? 1 : parsePositive(query.page);
  if (page === null) throw invalidPage();
  const size = query.page_size === undefined ? null : parsePositive(query.page_size);
  const pageSize = Math.min(size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

function parsePositive(value: string): number | null {
  if (!/^\s*\d{1,9}\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** DRF's page body, with absolute `next`/`previous` links built from the request URL. */
export function pageBody<T>(requestUrl: string, request: PageRequest, count: number, results: T[]): Page<T> {
  // DRF allows an empty first page; any other page past the end is 404.
  if (request.page > 1 && request.offset >= count) throw invalidPage();
  const link = (page: number) => {
    const url = new URL(requestUrl);
    if (page === 1) url.searchParams.delete('page');
    else url.searchParams.set('page', String(page));
    return url.toString();
  };
  return {
    count,
    next: request.offset + results.length < count ? link(request.page + 1) : null,
    previous: request.page > 1 ? link(request.page - 1) : null,
    results,
  };
}
