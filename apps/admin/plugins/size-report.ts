import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The parts of a Rollup output chunk this report reads. */
export interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  /** Chunks imported statically: the browser fetches them before the chunk runs. */
  imports: readonly string[];
  /** CSS files Vite loads with the chunk. */
  css: readonly string[];
}

/** A first screen: the lazy modules it needs beside the entry (its route's view, the locale…). */
export interface Screen {
  name: string;
  /** Source files, relative to the app's root, whose chunks the screen loads on demand. */
  modules: readonly string[];
  /** Gzipped bytes the screen may load in all (JavaScript and CSS). */
  budget: number;
}

/**
 * The files a screen loads: the entry chunks, each of the screen's lazy chunks, everything they
 * import statically, and the CSS that comes with any of them.
 */
export function screenFiles(chunks: readonly ChunkInfo[], lazyModules: readonly string[]): Set<string> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const files = new Set<string>();
  const visit = (chunk: ChunkInfo | undefined) => {
    if (!chunk || files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    for (const css of chunk.css) files.add(css);
    for (const imported of chunk.imports) visit(byName.get(imported));
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  for (const id of lazyModules) {
    const chunk = chunks.find((candidate) => candidate.facadeModuleId === id);
    if (!chunk) throw new Error(`No chunk is built from ${id}: a screen of the size report names a missing module.`);
    visit(chunk);
  }
  return files;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Prints every JS and CSS file's gzipped size and, for each first screen (log in, the home
 * screen after it), the total it downloads. The build fails when a screen is over its budget, so
 * a heavy import (zod through the schema barrel, say) cannot slip onto a first screen unnoticed.
 */
export function sizeReport(options: { root: string; screens: readonly Screen[] }): Plugin {
  return {
    name: 'crm-size-report',
    apply: 'build',
    generateBundle(_outputOptions, bundle) {
      const gzipped = new Map<string, number>();
      const chunks: ChunkInfo[] = [];
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') {
          gzipped.set(item.fileName, gzipSync(item.code).length);
          chunks.push({
            fileName: item.fileName,
            isEntry: item.isEntry,
            facadeModuleId: item.facadeModuleId,
            imports: item.imports,
            css: [...(item.viteMetadata?.importedCss ?? [])],
          });
        } else if (item.fileName.endsWith('.css')) {
          gzipped.set(item.fileName, gzipSync(item.source).length);
        }
      }
      const screens = options.screens.map((screen) => {
        const files = screenFiles(
          chunks,
          screen.modules.map((module) => resolve(options.root, module)),
        );
        const total = [...files].reduce((sum, name) => sum + (gzipped.get(name) ?? 0), 0);
        return { ...screen, files, total };
      });

      const marks = (name: string) => screens.map((screen) => (screen.files.has(name) ? screen.name[0] : ' ')).join('');
      const rows = [...gzipped].sort((a, b) => b[1] - a[1]);
      const lines = rows.map(([name, size]) => `  ${marks(name)} ${kb(size).padStart(9)}  ${name}`);
      const legend = screens.map((screen) => `${screen.name[0]} = ${screen.name}`).join(', ');
      const all = rows.reduce((sum, [, size]) => sum + size, 0);
      console.log(`\nJavaScript and CSS, gzipped (${legend}):\n${lines.join('\n')}`);
      for (const screen of screens) {
        console.log(`${screen.name} screen (gzipped): ${kb(screen.total)} of ${kb(screen.budget)} budget`);
      }
      console.log(`Everything (gzipped): ${kb(all)}\n`);
      const over = screens.filter((screen) => screen.total > screen.budget);
      if (over.length > 0) {
        this.error(
          over
            .map(
              (screen) =>
                `The ${screen.name} screen loads ${kb(screen.total)} gzipped, over its ${kb(screen.budget)} budget.`,
            )
            .join(' '),
        );
      }
    },
  };
}
