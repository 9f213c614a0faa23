import type { Db } from '../db/types';
import type { ClientAddress } from './client-address';

interface AuthUser {
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
  /** The client's address for the login rate limit (undefined: unknown, limit by username only). */
  clientAddress: ClientAddress;
}

export interface AppEnv {
  Variables: { user: AuthUser };
}
