import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { sizeReport } from './plugins/size-report';
import { swaggerUiFiles } from './plugins/swagger-ui-files';

/** The budget for the JavaScript a first visit downloads (gzipped). */
const INITIAL_JS_BUDGET = 150 * 1024;

export default defineConfig({
  plugins: [vue(), sizeReport({ budget: INITIAL_JS_BUDGET }), swaggerUiFiles()],
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
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  server: {
    port: 5173,
    // The API runs beside Vite in development (`bun run dev` at the root starts both).
    proxy: { '/api': 'http://localhost:8000' },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
