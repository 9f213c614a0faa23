import type { KeyScope, Role } from '@crm/schema';
import type { Db } from '../db/types';
import type { ClientAddress } from './client-address';

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The scope of the request's key. */
  scope: KeyScope;
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
  /** VISIBILITY: `own` limits `sales` users to the customers they own; `all` (default) does not. */
  visibility: 'all' | 'own';
}

export interface AppEnv {
  Variables: { user: AuthUser };
}
