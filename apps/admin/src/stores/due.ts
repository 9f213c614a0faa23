import type { DueBucket } from '@crm/schema';
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { api } from '@/api/client';
import type { Customer } from '@/api/types';

export const dueTabs = ['overdue', 'today', 'week'] as const satisfies readonly DueBucket[];
export type DueTab = (typeof dueTabs)[number];

/** Enough for a day's calls; the screen says when there are more. */
export const DUE_PAGE_SIZE = 100;

/** "Who do I call next": customers by next follow-up, oldest first, with a count per tab. */
export const useDueStore = defineStore('due', () => {
  const rows = shallowRef<Customer[]>([]);
  const total = ref(0);
  const counts = reactive<Record<DueTab, number | null>>({ overdue: null, today: null, week: null });
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  let latest = 0;

  // The server buckets by the calendar of the user's time zone.
  const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

  function query(due: DueTab, principal: string, pageSize: number): Record<string, string> {
    const result: Record<string, string> = {
      due,
      tz: timeZone(),
      ordering: 'next_follow_up_at',
      page_size: String(pageSize),
    };
    if (principal.trim()) result.principal = principal.trim();
    return result;
  }

  async function count(due: DueTab, principal: string): Promise<number> {
    const response = await api.customer.customers.$get({ query: query(due, principal, 1) });
    return (await response.json()).count;
  }

  /** Loads the tab's rows and every tab's count; `quiet` keeps the old rows on screen meanwhile. */
  async function load(due: DueTab, principal: string, quiet = false): Promise<void> {
    const id = ++latest;
    if (!quiet) loading.value = true;
    error.value = null;
    try {
      const [response, ...others] = await Promise.all([
        api.customer.customers.$get({ query: query(due, principal, DUE_PAGE_SIZE) }),
        ...dueTabs.filter((tab) => tab !== due).map(async (tab) => [tab, await count(tab, principal)] as const),
      ]);
      const page = await response.json();
      if (id !== latest) return;
      rows.value = page.results;
      total.value = page.count;
      counts[due] = page.count;
      for (const [tab, n] of others) counts[tab] = n;
    } catch (caught) {
      if (id === latest) error.value = caught;
    } finally {
      if (id === latest) loading.value = false;
    }
  }

  return { rows, total, counts, loading, error, load };
});
