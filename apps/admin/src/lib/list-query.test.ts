import { describe, expect, test } from 'vitest';
import { apiQuery, filterQuery, nextOrdering, parseListQuery, routeQuery } from './list-query';

describe('the customer list state in the URL', () => {
  test('an empty URL is every filter on "All", the default order, page 1 of 20', () => {
    const state = parseListQuery({});
    expect(state.filters).toEqual({ customer_type: '', lead_source: '', customer_industry: '', follow_up_status: '' });
    expect(apiQuery(state)).toEqual({ page_size: '20' });
    expect(routeQuery(state)).toEqual({});
  });

  test('"All" (empty) filters are not sent; chosen ones are', () => {
    const state = parseListQuery({ customer_type: 'B', lead_source: '', q: ' acme ', principal: 'Jane' });
    expect(filterQuery(state)).toEqual({ customer_type: 'B', q: 'acme', principal: 'Jane' });
  });

  test('unknown choices, orderings and page sizes from an old bookmark fall back to defaults', () => {
    const state = parseListQuery({ customer_type: 'Z', ordering: 'password', page_size: '7', page: '-3' });
    expect(state.filters.customer_type).toBe('');
    expect(state.ordering).toBe('');
    expect(state.pageSize).toBe(20);
    expect(state.page).toBe(1);
  });

  test('a URL survives the round trip through the state', () => {
    const query = { customer_type: 'A', ordering: '-name', page: '3', page_size: '50', q: 'x' };
    expect(routeQuery(parseListQuery(query))).toEqual(query);
    expect(apiQuery(parseListQuery(query))).toEqual(query);
  });

  test('the "Mine" tab is owner=me in the URL, the API query and the export; "All" is left out', () => {
    const mine = parseListQuery({ owner: 'me', q: 'x' });
    expect(routeQuery(mine)).toEqual({ owner: 'me', q: 'x' });
    expect(filterQuery(mine)).toEqual({ owner: 'me', q: 'x' });
    expect(routeQuery({ ...mine, owner: 'all' })).toEqual({ q: 'x' });
  });

  test('clicking a column sorts ascending, then descending, then back to the default', () => {
    expect(nextOrdering('', 'name')).toBe('name');
    expect(nextOrdering('name', 'name')).toBe('-name');
    expect(nextOrdering('-name', 'name')).toBe('');
    expect(nextOrdering('-created_at', 'name')).toBe('name');
  });
});
