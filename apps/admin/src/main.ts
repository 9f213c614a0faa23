import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api/client';
import { i18n, initialLocale, setLocale } from './i18n';
import { unauthorizedReason } from './lib/error-message';
import { createAppRouter } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

async function start() {
  const app = createApp(App);
  const pinia = createPinia();
  const router = createAppRouter();
  app.use(pinia).use(router).use(i18n);

  // The one 401 path: back to log in, remembering where the user was and saying why (the key
  // ended, or an admin disabled the user).
  onUnauthorized((body) => {
    useAuthStore(pinia).clear();
    const current = router.currentRoute.value;
    if (current.name !== 'login') {
      router.push({ name: 'login', query: { redirect: current.fullPath, expired: unauthorizedReason(body) } });
    }
  });

  await setLocale(initialLocale());
  app.mount('#app');
}

start();
