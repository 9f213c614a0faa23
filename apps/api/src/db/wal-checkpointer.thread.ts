import Sqlite from 'better-sqlite3';

/**
 * The checkpointer's thread (see wal-checkpointer.ts): its own connection to the file, copying
 * the WAL's committed pages into the database while the server's thread goes on writing.
 */
declare const self: Worker;

export interface CheckpointerStart {
  path: string;
  /** Between checkpoints while writes come in. */
  busyMs: number;
  /** The longest wait while the WAL has nothing new (the wait doubles up to it). */
  idleMs: number;
}

let connection: InstanceType<typeof Sqlite> | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Frames in the WAL and frames copied, as `PRAGMA wal_checkpoint` reports them. */
interface Progress {
  log: number;
  checkpointed: number;
}

function checkpoint(): Progress | null {
  if (!connection) return null;
  try {
    // PASSIVE: copies what no reader still needs, never waits for a lock, never blocks a writer.
    const [row] = connection.pragma('wal_checkpoint(PASSIVE)') as Progress[];
    return row ?? null;
  } catch (error) {
    // SQLITE_BUSY while the server's thread checkpoints itself: the next round tries again.
    if (!(error instanceof Error && /busy|locked/i.test(error.message))) console.error('WAL checkpoint failed:', error);
    return null;
  }
}

function loop(start: CheckpointerStart) {
  let wait = start.busyMs;
  let last = -1;
  const round = () => {
    const progress = checkpoint();
    // New frames since the last round: writes are coming, look again soon; else back off.
    const moved = progress !== null && progress.log !== last;
    last = progress?.log ?? last;
    wait = moved ? start.busyMs : Math.min(wait * 2, start.idleMs);
    timer = setTimeout(round, wait);
  };
  timer = setTimeout(round, wait);
}

self.onmessage = (event: MessageEvent<CheckpointerStart | 'stop'>) => {
  if (event.data === 'stop') {
    if (timer) clearTimeout(timer);
    connection?.close();
    connection = null;
    postMessage('stopped');
    return;
  }
  connection = new Sqlite(event.data.path);
  // A checkpoint reads each page once from the WAL and writes it: no cache to keep.
  connection.pragma('cache_size = 16');
  loop(event.data);
};
