import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { sizeReport } from './plugins/size-report';
import { swaggerUiFiles } from './plugins/swagger-ui-files';

const root = new URL('.', import.meta.url).pathname;

/**
 * What the first screens may download, gzipped (JavaScript and CSS): the log-in screen, and the
 * home screen (the follow-up queue) after it. Both start in English, the default locale.
 */
const firstScreens = [
  { name: 'login', modules: ['src/views/LoginView.vue', 'src/locales/en.ts'], budget: 70 * 1024 },
  { name: 'home', modules: ['src/views/FollowUpsView.vue', 'src/locales/en.ts'], budget: 100 * 1024 },
];

export default defineConfig({
  plugins: [vue(), sizeReport({ root, screens: firstScreens }), swaggerUiFiles()],
  // Compile-time flags: the Composition API only, so the Options API and vue-i18n's legacy mode
  // are left out of the bundle.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  resolve: { alias: { '@': `${root}src` } },
  server: {
    port: 5173,
    // The API runs beside Vite in development (`bun run dev` at the root starts both).
    proxy: { '/api': 'http://localhost:8000' },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
