import type { Permission } from '@crm/schema/permissions';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, getToken, setToken } from '@/api/client';
import type { Me } from '@/api/types';

export const useAuthStore = defineStore('auth', () => {
  const token = ref(getToken());
  /** Who the key belongs to and what it may do (`GET /api/auth/me/`); null until loaded. */
  const me = ref<Me | null>(null);
  const username = computed(() => me.value?.username ?? null);
  const isLoggedIn = computed(() => token.value !== null);

  /**
   * Whether the signed-in key may do what `permission` covers: the screens hide what it may not.
   * Only a convenience: the server checks every request anyway.
   */
  function can(permission: Permission): boolean {
    return me.value?.permissions.includes(permission) ?? false;
  }

  async function login(name: string, password: string): Promise<void> {
    const response = await api.auth.token.$post({ json: { username: name, password } });
    const body = await response.json();
    setToken(body.token);
    token.value = body.token;
    me.value = null;
    await loadMe();
  }

  /** Forget the key locally (also what the 401 path does). */
  function clear(): void {
    setToken(null);
    token.value = null;
    me.value = null;
  }

  async function logout(): Promise<void> {
    try {
      await api.auth.logout.$post();
    } catch {
      // Already revoked or offline: logging out locally is what the user asked for.
    } finally {
      clear();
    }
  }

  /** Loads who is signed in once per key (the router waits for it before any screen). */
  async function loadMe(): Promise<void> {
    if (!token.value || me.value) return;
    const response = await api.auth.me.$get();
    me.value = await response.json();
  }

  /** After a change of display name or role elsewhere: ask again. */
  async function reloadMe(): Promise<void> {
    me.value = null;
    await loadMe();
  }

  return { token, me, username, isLoggedIn, can, login, logout, clear, loadMe, reloadMe };
});
