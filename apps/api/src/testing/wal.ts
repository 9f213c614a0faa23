import { readFileSync } from 'node:fs';

/**
 * The WAL's progress as SQLite's shared-memory index records it (the WAL format's documented
 * layout): `mxFrame`, the last committed frame, at byte 16 of the index header; `nBackfill`, the
 * frames checkpoints have copied into the database, at byte 96. Read from the `-shm` file, so a
 * test observes checkpoints without running one itself.
 */
export function walProgress(databasePath: string) {
  const shm = readFileSync(`${databasePath}-shm`);
  return { committed: shm.readUInt32LE(16), copied: shm.readUInt32LE(96) };
}

/** Whether every committed frame gets copied within `ms`. */
export async function walCopiedWithin(databasePath: string, ms = 3000): Promise<boolean> {
  const copied = () => {
    const { committed, copied } = walProgress(databasePath);
    return committed > 0 && copied === committed;
  };
  const deadline = Date.now() + ms;
  while (!copied() && Date.now() < deadline) await Bun.sleep(20);
  return copied();
}
