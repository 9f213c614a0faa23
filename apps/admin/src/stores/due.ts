import type { DueBucket } from '@crm/schema/choices';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { api } from '@/api/client';
import type { Customer } from '@/api/types';
import { useRequest } from '@/composables/use-request';

export const dueTabs = ['overdue', 'today', 'week'] as const satisfies readonly DueBucket[];
export type DueTab = (typeof dueTabs)[number];

/** Enough for a day's calls; the screen says when there are more. */
export const DUE_PAGE_SIZE = 100;

interface DueList {
  rows: Customer[];
  total: number;
  counts: Record<DueTab, number | null>;
}

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

/** The tab's rows and every tab's count. */
async function fetchDue(due: DueTab, principal: string): Promise<DueList> {
  const [response, ...others] = await Promise.all([
    api.customer.customers.$get({ query: query(due, principal, DUE_PAGE_SIZE) }),
    ...dueTabs.filter((tab) => tab !== due).map(async (tab) => [tab, await count(tab, principal)] as const),
  ]);
  const page = await response.json();
  const counts = Object.fromEntries([[due, page.count], ...others]) as DueList['counts'];
  return { rows: page.results, total: page.count, counts };
}

const nothingYet: DueList = { rows: [], total: 0, counts: { overdue: null, today: null, week: null } };

/** "Who do I call next": customers by next follow-up, oldest first, with a count per tab. */
export const useDueStore = defineStore('due', () => {
  // `load` keeps the old rows on screen while the next answer comes.
  const { data, loading, error, run: load } = useRequest(fetchDue, nothingYet);
  const rows = computed(() => data.value.rows);
  const total = computed(() => data.value.total);
  const counts = computed(() => data.value.counts);

  return { rows, total, counts, loading, error, load };
});
