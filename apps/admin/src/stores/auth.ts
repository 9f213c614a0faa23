import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, getToken, setToken } from '@/api/client';

export const useAuthStore = defineStore('auth', () => {
  const token = ref(getToken());
  const username = ref<string | null>(null);
  const isLoggedIn = computed(() => token.value !== null);

  async function login(name: string, password: string): Promise<void> {
    const response = await api.auth.token.$post({ json: { username: name, password } });
    const body = await response.json();
    setToken(body.token);
    token.value = body.token;
    username.value = name;
  }

  /** Forget the key locally (also what the 401 path does). */
  function clear(): void {
    setToken(null);
    token.value = null;
    username.value = null;
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

  async function loadMe(): Promise<void> {
    if (!token.value || username.value) return;
    const response = await api.auth.me.$get();
    username.value = (await response.json()).username;
  }

  return { token, username, isLoggedIn, login, logout, clear, loadMe };
});
