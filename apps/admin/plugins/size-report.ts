import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface Chunk {
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Prints every JS chunk's gzipped size and the total of the initial load: the entry chunk and
 * the chunks it imports statically (lazy routes and locales are fetched later). The build fails
 * when the initial load is over budget, so a heavy import cannot slip in unnoticed.
 */
export function sizeReport(options: { budget: number }): Plugin {
  return {
    name: 'crm-size-report',
    apply: 'build',
    generateBundle(_outputOptions, bundle) {
      const chunks = new Map<string, Chunk>();
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') chunks.set(item.fileName, item);
      }
      const gzipped = new Map([...chunks].map(([name, chunk]) => [name, gzipSync(chunk.code).length]));
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);

      const rows = [...gzipped].sort((a, b) => b[1] - a[1]);
      const lines = rows.map(([name, size]) => `  ${initial.has(name) ? '*' : ' '} ${kb(size).padStart(9)}  ${name}`);
      const total = [...initial].reduce((sum, name) => sum + (gzipped.get(name) ?? 0), 0);
      console.log(`\nJavaScript chunks, gzipped (* = initial load):\n${lines.join('\n')}`);
      console.log(`Initial JS (gzipped): ${kb(total)} of ${kb(options.budget)} budget\n`);
      if (total > options.budget)
        this.error(`Initial JS is ${kb(total)} gzipped, over the ${kb(options.budget)} budget.`);
    },
  };
}
