import Sqlite from 'better-sqlite3';

/**
 * `crm backup`'s thread: its own connection runs the one long `VACUUM INTO` (the file driver is
 * synchronous, so on the command's thread nothing else could run meanwhile), while the command
 * watches the copy grow and draws its progress.
 */
declare const self: Worker;

export interface BackupJob {
  source: string;
  target: string;
}

export type BackupResult = { ok: true } | { ok: false; message: string };

self.onmessage = (event: MessageEvent<BackupJob>) => {
  let connection: InstanceType<typeof Sqlite> | null = null;
  let result: BackupResult;
  try {
    connection = new Sqlite(event.data.source);
    // The server may be writing: wait for its write to end rather than fail at once.
    connection.pragma('busy_timeout = 5000');
    connection.prepare('VACUUM INTO ?').run(event.data.target);
    result = { ok: true };
  } catch (error) {
    result = { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    connection?.close();
  }
  postMessage(result);
};
