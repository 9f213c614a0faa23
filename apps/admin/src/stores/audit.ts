import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { AuditPage } from '@/api/types';
import { useRequest } from '@/composables/use-request';
import { type AuditState, auditApiQuery } from '@/lib/audit-query';

async function fetchAudit(state: AuditState): Promise<AuditPage> {
  return (await api.audit.$get({ query: auditApiQuery(state) })).json();
}

/** The History screen (admins): one page of the whole change history, filtered as the URL says. */
export const useAuditStore = defineStore('audit', () => {
  const { data: page, loading, error, run: load } = useRequest(fetchAudit, null);
  return { page, loading, error, load };
});
