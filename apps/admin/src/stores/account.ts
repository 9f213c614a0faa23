import type { KeyScope } from '@crm/schema/permissions';
import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { AccountKey, CreatedKey } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchKeys(): Promise<AccountKey[]> {
  return (await api.auth.keys.$get()).json();
}

/** Settings → My account: the signed-in user's password, keys and sessions (logins are keys). */
export const useAccountStore = defineStore('account', () => {
  const { data: keys, loading, error, run: load } = useRequest(fetchKeys, []);

  async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await api.auth.password.$post({ json: { old_password: oldPassword, new_password: newPassword } });
  }

  /** The answer holds the key itself, shown this once. */
  async function createKey(name: string, scope: KeyScope): Promise<CreatedKey> {
    const created = await (await api.auth.keys.$post({ json: { name, scope } })).json();
    await load();
    return created;
  }

  async function revoke(id: string): Promise<void> {
    await api.auth.keys[':id'].$delete({ param: { id } });
    keys.value = keys.value.filter((key) => key.id !== id);
  }

  return { keys, loading, error, load, changePassword, createKey, revoke };
});
