import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '@/api/client';
import type { CustomerPage } from '@/api/types';

/** One page of the customer search. The query comes from the URL (see composables/list-query). */
export const useCustomerListStore = defineStore('customerList', () => {
  const page = shallowRef<CustomerPage | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  // Typing in the search box fires requests quickly; only the newest answer may land.
  let latest = 0;

  async function load(query: Record<string, string>): Promise<void> {
    const id = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const response = await api.customer.customers.$get({ query });
      const body = await response.json();
      if (id === latest) page.value = body;
    } catch (caught) {
      if (id === latest) error.value = caught;
    } finally {
      if (id === latest) loading.value = false;
    }
  }

  return { page, loading, error, load };
});
