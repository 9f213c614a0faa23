import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const alias = { '@': new URL('./src', import.meta.url).pathname };

export default defineConfig({
  plugins: [vue()],
  resolve: { alias },
  test: {
    projects: [
      {
        // Inline projects extend this file (Vitest 5): the Vue plugin and alias apply already.
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['src/**/*.test.ts', 'plugins/**/*.test.ts'],
          // The store tests start the real server on another port before moving the page onto it.
          environmentOptions: { happyDOM: { settings: { fetch: { disableSameOriginPolicy: true } } } },
          hookTimeout: 60_000,
        },
      },
      {
        // The browser tests drive the built app served by the real API server; see e2e/README.md.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
