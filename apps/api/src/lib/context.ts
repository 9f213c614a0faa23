import type { Db } from '../db/types';

export interface AuthUser {
  id: number;
  username: string;
  tokenId: number;
}

/** What every route module gets from `createApp`: its dependencies, never the runtime. */
export interface AppDeps {
  db: Db;
  /** Days a deleted customer stays restorable. */
  trashDays: number;
  /** The clock, injectable so tests can pin "today". */
  now: () => number;
}

export interface AppEnv {
  Variables: { user: AuthUser };
}
