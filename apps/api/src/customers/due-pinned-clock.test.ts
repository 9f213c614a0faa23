import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Customer } from '@crm/schema';
import {
  addFollowUp,
  createCustomer,
  expectStatus,
  idsOf,
  principalQuery,
  search,
  searchResponse,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { bunOnly, startTestApi, type TestApi } from '../testing/test-api';

/**
 * In-process only: these tests pin the server's clock with `startTestApi({ now })`, because
 * `due=` buckets and equal timestamps depend on "now", which a test cannot set on a server it
 * did not start (such as `wrangler dev`). Everything else still goes over HTTP.
 *
 * Now is Sunday 2024-03-10 20:00 UTC: 16:00 in New York, a few hours after its switch to
 * daylight saving time (UTC-4 since 07:00 UTC), and already Monday 05:00 in Tokyo (UTC+9).
 */
const NOW = Date.parse('2024-03-10T20:00:00Z');

bunOnly('pins the server clock (due= buckets and equal timestamps depend on now)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: () => NOW });
  });
  afterAll(() => api.close());

  describe('due= with a pinned clock', () => {
    let principal: string;
    /** Customers named by their next follow-up. */
    const by: Record<string, Customer> = {};

    beforeAll(async () => {
      principal = uniquePrincipal('due');
      const plans: Record<string, string | null> = {
        longAgo: '2024-03-01T09:00:00Z',
        anHourAgo: '2024-03-10T19:00:00Z',
        tonightUtc: '2024-03-10T23:00:00Z',
        // Tomorrow in UTC, still today in New York (midnight there is 04:00 UTC).
        lateNewYork: '2024-03-11T03:30:00Z',
        // Tomorrow in UTC, today in Tokyo (midnight there is 15:00 UTC).
        todayTokyo: '2024-03-11T10:00:00Z',
        saturday: '2024-03-16T12:00:00Z',
        // The day after the seventh: outside the week in UTC.
        nextSunday: '2024-03-17T01:00:00Z',
        noPlan: null,
      };
      for (const [name, next_time] of Object.entries(plans)) {
        const customer = await createCustomer(api, { principal, name });
        await addFollowUp(api, customer.id, { time: '2024-03-01T08:00:00Z', next_time });
        by[name] = customer;
      }
      by.neverContacted = await createCustomer(api, { principal, name: 'neverContacted' });
    });

    async function due(query: string): Promise<string[]> {
      const page = await search(api, `${principalQuery(principal)}&ordering=name&${query}`);
      const names = page.results.map((row) => row.name);
      expect(page.count).toBe(names.length);
      return names;
    }

    test('overdue: next_follow_up_at before now', async () => {
      expect(await due('due=overdue')).toEqual(['anHourAgo', 'longAgo']);
    });

    test('today: from now to the end of the day, in UTC by default', async () => {
      expect(await due('due=today')).toEqual(['tonightUtc']);
      expect(await due('due=today&tz=UTC')).toEqual(['tonightUtc']);
    });

    test('today in the time zone given by tz=, across a daylight-saving switch', async () => {
      expect(await due('due=today&tz=America/New_York')).toEqual(['lateNewYork', 'tonightUtc']);
      expect(await due('due=today&tz=Asia/Tokyo')).toEqual(['lateNewYork', 'todayTokyo', 'tonightUtc']);
    });

    test('week: from now to the end of the seventh day', async () => {
      expect(await due('due=week')).toEqual(['lateNewYork', 'saturday', 'todayTokyo', 'tonightUtc']);
      // In Tokyo it is already Monday, so the week reaches into Sunday the 17th.
      expect(await due('due=week&tz=Asia/Tokyo')).toEqual([
        'lateNewYork',
        'nextSunday',
        'saturday',
        'todayTokyo',
        'tonightUtc',
      ]);
    });

    test('none: no planned follow-up, whether never contacted or planned nothing', async () => {
      expect(await due('due=none')).toEqual(['neverContacted', 'noPlan']);
    });

    test('empty or "all" does not filter; it combines with the other filters by AND', async () => {
      expect(await due('due=')).toHaveLength(9);
      expect(await due('due=all')).toHaveLength(9);
      expect(await due('due=overdue&q=long')).toEqual(['longAgo']);
      // The default order takes another path through the text index: the same answer.
      const page = await search(api, `${principalQuery(principal)}&due=week&q=TOKYO`);
      expect({ names: page.results.map((row) => row.name), count: page.count }).toEqual({
        names: ['todayTokyo'],
        count: 1,
      });
    });

    test('answers 400 for an unknown bucket or time zone', async () => {
      expect(await expectStatus(await searchResponse(api, 'due=later'), 400)).toEqual({
        due: ['"later" is not a valid choice.'],
      });
      expect(await expectStatus(await searchResponse(api, 'due=today&tz=Mars/Olympus'), 400)).toEqual({
        tz: ['"Mars/Olympus" is not a known time zone.'],
      });
    });
  });

  describe('due=today where daylight saving starts at midnight', () => {
    // Santiago skips from 00:00 (-04) to 01:00 (-03) on 2024-09-08: that day starts at 04:00 UTC,
    // so at 16:00 on the 7th, 23:30 local (03:30 UTC) is still today.
    let santiago: TestApi;
    beforeAll(async () => {
      santiago = await startTestApi({ now: () => Date.parse('2024-09-07T20:00:00Z') });
    });
    afterAll(() => santiago.close());

    test('today ends when the 8th begins, at the end of the skipped hour', async () => {
      const principal = uniquePrincipal('santiago');
      const late = await createCustomer(santiago, { principal, name: 'late' });
      await addFollowUp(santiago, late.id, { time: '2024-09-01T12:00:00Z', next_time: '2024-09-08T03:30:00Z' });
      const tomorrow = await createCustomer(santiago, { principal, name: 'tomorrow' });
      await addFollowUp(santiago, tomorrow.id, { time: '2024-09-01T12:00:00Z', next_time: '2024-09-08T04:30:00Z' });
      const page = await search(santiago, `${principalQuery(principal)}&due=today&tz=America/Santiago`);
      expect(page.results.map((row) => row.name)).toEqual(['late']);
    });
  });

  describe('equal timestamps with a pinned clock', () => {
    test('every write is stamped with the clock', async () => {
      const customer = await createCustomer(api);
      expect(customer.created_at).toBe('2024-03-10T20:00:00Z');
      expect(customer.updated_at).toBe('2024-03-10T20:00:00Z');
      const entry = await addFollowUp(api, customer.id);
      expect(entry.created_at).toBe('2024-03-10T20:00:00Z');
    });

    test('ties in created_at and updated_at are broken by id, in the direction asked', async () => {
      const principal = uniquePrincipal();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await createCustomer(api, { principal })).id);
      const ordered = (ordering: string) => search(api, `${principalQuery(principal)}${ordering}`).then(idsOf);
      expect(await ordered('')).toEqual([...ids].reverse());
      expect(await ordered('&ordering=-created_at')).toEqual([...ids].reverse());
      expect(await ordered('&ordering=created_at')).toEqual(ids);
      expect(await ordered('&ordering=updated_at')).toEqual(ids);
      expect(await ordered('&ordering=-updated_at')).toEqual([...ids].reverse());
      // Pages over equal timestamps neither repeat nor skip a row.
      const pages = [1, 2, 3].map((page) => ordered(`&page_size=1&page=${page}`));
      expect((await Promise.all(pages)).flat()).toEqual([...ids].reverse());
    });
  });
});
