import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { TrashPage } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchTrash(pageNumber = 1, pageSize = 50): Promise<TrashPage> {
  const query: Record<string, string> = { page_size: String(pageSize) };
  if (pageNumber > 1) query.page = String(pageNumber);
  const response = await api.customer.trash.$get({ query });
  return response.json();
}

export const useTrashStore = defineStore('trash', () => {
  const { data: page, loading, error, run: load } = useRequest(fetchTrash, null);

  async function restore(id: string): Promise<void> {
    await api.customer.customers[':id'].restore.$post({ param: { id } });
    if (page.value) {
      page.value = {
        ...page.value,
        count: page.value.count - 1,
        results: page.value.results.filter((row) => row.id !== id),
      };
    }
  }

  /** Deletes a trashed customer for good (DELETE /api/customer/trash/<id>/); the view reloads its page. */
  async function purge(id: string): Promise<void> {
    await api.customer.trash[':id'].$delete({ param: { id } });
  }

  return { page, loading, error, load, restore, purge };
});
