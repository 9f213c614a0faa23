import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { CustomerPage } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchPage(query: Record<string, string>): Promise<CustomerPage> {
  const response = await api.customer.customers.$get({ query });
  return response.json();
}

/** One page of the customer search. The query comes from the URL (see lib/list-query). */
export const useCustomerListStore = defineStore('customerList', () => {
  const { data: page, loading, error, run: load } = useRequest(fetchPage, null);
  return { page, loading, error, load };
});
