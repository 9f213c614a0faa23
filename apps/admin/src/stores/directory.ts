import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { DirectoryEntry } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchDirectory(): Promise<DirectoryEntry[]> {
  return (await api.users.directory.$get()).json();
}

/** Who can own customers (every enabled user): the principal picker's and "Assign to…"'s choices. */
export const useDirectoryStore = defineStore('directory', () => {
  const { data: entries, loading, error, run } = useRequest(fetchDirectory, []);
  let loaded = false;

  /** Once per session is enough: users are added rarely, and a reload shows them. */
  async function load(): Promise<void> {
    if (loaded && !error.value) return;
    loaded = true;
    await run();
  }

  return { entries, loading, error, load };
});
