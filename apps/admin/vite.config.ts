import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { sizeReport } from './plugins/size-report';

/** The budget for the JavaScript a first visit downloads (gzipped). */
const INITIAL_JS_BUDGET = 150 * 1024;

export default defineConfig({
  plugins: [vue(), sizeReport({ budget: INITIAL_JS_BUDGET })],
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  server: {
    port: 5173,
    // The API runs beside Vite in development (`bun run dev` at the root starts both).
    proxy: { '/api': 'http://localhost:8000' },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
