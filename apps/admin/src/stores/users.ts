import type { Role } from '@crm/schema/permissions';
import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { CreatedUser, User, UserUpdate } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchUsers(): Promise<User[]> {
  return (await api.users.$get()).json();
}

export interface NewUser {
  username: string;
  display_name: string;
  role: Role;
  /** Empty: the server generates one and shows it once in the answer. */
  password: string;
}

/** Settings → Users (admins): every user; each change reloads the list. */
export const useUsersStore = defineStore('users', () => {
  const { data: users, loading, error, run: load } = useRequest(fetchUsers, []);

  /** The answer carries the generated password (shown once) when none was given. */
  async function create({ password, ...fields }: NewUser): Promise<CreatedUser> {
    const response = await api.users.$post({ json: { ...fields, ...(password ? { password } : {}) } });
    const created = await response.json();
    await load();
    return created;
  }

  async function update(id: string, changes: UserUpdate): Promise<User> {
    const response = await api.users[':id'].$patch({ param: { id }, json: changes });
    const user = await response.json();
    users.value = users.value.map((row) => (row.id === id ? user : row));
    return user;
  }

  return { users, loading, error, load, create, update };
});
