import type { DueBucket } from '@crm/schema/choices';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { api } from '@/api/client';
import type { Customer } from '@/api/types';
import { useRequest } from '@/composables/use-request';
import type { OwnerView } from '@/lib/ownership';

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

/** What the queue shows: a bucket, whose customers, optionally one principal's. */
export interface DueView {
  due: DueTab;
  owner: OwnerView;
  principal: string;
}

function query({ due, owner, principal }: DueView, pageSize: number): Record<string, string> {
  const result: Record<string, string> = {
    due,
    tz: timeZone(),
    ordering: 'next_follow_up_at',
    page_size: String(pageSize),
  };
  if (principal.trim()) result.principal = principal.trim();
  if (owner === 'me') result.owner = 'me';
  return result;
}

async function count(view: DueView): Promise<number> {
  const response = await api.customer.customers.$get({ query: query(view, 1) });
  return (await response.json()).count;
}

/** The tab's rows and every tab's count. */
async function fetchDue(view: DueView): Promise<DueList> {
  const [response, ...others] = await Promise.all([
    api.customer.customers.$get({ query: query(view, DUE_PAGE_SIZE) }),
    ...dueTabs.filter((tab) => tab !== view.due).map(async (tab) => [tab, await count({ ...view, due: tab })] as const),
  ]);
  const page = await response.json();
  const counts = Object.fromEntries([[view.due, page.count], ...others]) as DueList['counts'];
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
