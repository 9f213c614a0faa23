import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { CustomerPage } from '@/api/types';
import { useRequest } from '@/composables/use-request';

/** One page of the customer search. The query comes from the URL (see lib/list-query). */
export const useCustomerListStore = defineStore('customerList', () => {
  const {
    data: page,
    loading,
    error,
    run: load,
  } = useRequest(
    async (query: Record<string, string>) => {
      const response = await api.customer.customers.$get({ query });
      return response.json();
    },
    null as CustomerPage | null,
  );

  return { page, loading, error, load };
});
