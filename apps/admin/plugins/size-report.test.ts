import { describe, expect, test } from 'vitest';
import { type ChunkInfo, screenFiles } from './size-report';

const chunk = (fileName: string, more: Partial<ChunkInfo> = {}): ChunkInfo => ({
  fileName,
  isEntry: false,
  facadeModuleId: null,
  imports: [],
  css: [],
  ...more,
});

describe('what a first screen loads', () => {
  const chunks = [
    chunk('index.js', { isEntry: true, imports: ['vue.js'], css: ['index.css'] }),
    chunk('vue.js'),
    chunk('Login.js', { facadeModuleId: '/app/src/views/LoginView.vue', imports: ['FormField.js'] }),
    chunk('FormField.js', { css: ['FormField.css'] }),
    chunk('Form.js', { facadeModuleId: '/app/src/views/FormView.vue', imports: ['zod.js'] }),
    chunk('zod.js'),
  ];

  test('the entry graph, the screen’s lazy chunk and their static imports, with their CSS; not other screens', () => {
    expect([...screenFiles(chunks, ['/app/src/views/LoginView.vue'])].sort()).toEqual(
      ['FormField.css', 'FormField.js', 'Login.js', 'index.css', 'index.js', 'vue.js'].sort(),
    );
  });

  test('a screen naming a module that is not built is an error, not a small number', () => {
    expect(() => screenFiles(chunks, ['/app/src/views/Gone.vue'])).toThrow(/Gone\.vue/);
  });
});
