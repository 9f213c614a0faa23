type Listener = (value?: unknown) => void;

/**
 * A web `ReadableStream` of UTF-8 bytes (a file on Bun, a request body anywhere) as the small
 * Node-style readable that Papa Parse streams from (`on('data' | 'end' | 'error')`, `pause`,
 * `resume`), without node:stream, so it also runs on Workers. The parser handles each chunk
 * synchronously; `afterChunk` then runs before the next chunk is read, which is where the
 * importer writes the rows of that chunk: back-pressure, so memory holds about one chunk.
 * (Papa Parse's own pause would do, but it misplaces the offsets of the rows after a resume.)
 *
 * It also keeps the text that the parser has not yet passed, to turn the parser's character
 * offsets into line numbers.
 */
export function nodeLikeTextStream(source: ReadableStream<Uint8Array>, afterChunk: () => Promise<void>) {
  const reader = source.getReader();
  // TextDecoder drops a leading BOM and joins characters split across chunks.
  const decoder = new TextDecoder();
  const listeners = new Map<string, Set<Listener>>();
  let paused = false;
  let pumping = false;
  let ended = false;
  let bytesRead = 0;

  // Text from absolute offset `keptFrom` on; `linesBefore` counts the "\n" before it.
  let kept = '';
  let keptFrom = 0;
  let linesBefore = 0;

  const emit = (event: string, value?: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(value);
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!paused && !ended) {
        const next = await reader.read();
        let text: string;
        if (next.done) {
          ended = true;
          text = decoder.decode();
        } else {
          bytesRead += next.value.byteLength;
          text = decoder.decode(next.value, { stream: true });
        }
        kept += text;
        if (text !== '') emit('data', text);
        await afterChunk();
        if (ended) emit('end');
      }
    } catch (error) {
      ended = true;
      emit('error', error);
    } finally {
      pumping = false;
    }
  };

  /** Forgets the text before `offset`, counting its line breaks. */
  const dropBefore = (offset: number) => {
    const cut = offset - keptFrom;
    if (cut <= 0) return;
    for (let i = kept.indexOf('\n'); i !== -1 && i < cut; i = kept.indexOf('\n', i + 1)) linesBefore++;
    kept = kept.slice(cut);
    keptFrom = offset;
  };

  const stream = {
    readable: true,
    read: () => null,
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      if (event === 'data') queueMicrotask(pump);
      return stream;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return stream;
    },
    pause() {
      paused = true;
      return stream;
    },
    resume() {
      paused = false;
      queueMicrotask(pump);
      return stream;
    },
    destroy() {
      ended = true;
      reader.cancel().catch(() => {});
    },
    get bytesRead() {
      return bytesRead;
    },
    /** The first line, the header (asked before any text is dropped). */
    firstLine(): string {
      return kept.slice(0, stream.headerEnd()).replace(/\r?\n$/, '');
    },
    /** The offset just after the first line, the header (asked before any text is dropped). */
    headerEnd(): number {
      const newline = kept.indexOf('\n');
      return newline === -1 ? kept.length : newline + 1;
    },
    /**
     * The line (1-based) on which the record between `from` (where the previous one ended) and
     * `to` starts: blank lines skipped by the parser are stepped over.
     */
    lineOfRecord(from: number, to: number): number {
      dropBefore(from);
      let start = 0;
      const end = to - keptFrom;
      let lines = linesBefore;
      for (;;) {
        const newline = kept.indexOf('\n', start);
        if (newline === -1 || newline >= end || kept.slice(start, newline).trim() !== '') break;
        lines++;
        start = newline + 1;
      }
      return lines + 1;
    },
  };
  return stream;
}
