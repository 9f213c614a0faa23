import * as z from 'zod';
import { drfMessage } from './errors';
import { requiredText } from './fields';
import { keyScopes, type Permission, permissions, roles } from './users';

/** `POST /api/auth/token/`: DRF's obtain_auth_token. */
export const loginInput = z
  .object({
    username: requiredText(150),
    // Not requiredText: a password is not trimmed (DRF's trim_whitespace=False).
    password: z.string({ error: drfMessage }).min(1, { error: drfMessage }).max(1024, { error: drfMessage }),
  })
  .meta({ id: 'LoginInput', examples: [{ username: 'admin', password: 'your password' }] });
export type LoginInput = z.output<typeof loginInput>;

export const tokenOutput = z
  .object({ token: z.string().meta({ description: 'The new key; shown only this once.' }) })
  .meta({ id: 'Token' });

export const meOutput = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    role: z.enum(roles),
    scope: z.enum(keyScopes).meta({ description: "The scope of this request's key." }),
    permissions: z.array(z.enum(permissions as [Permission, ...Permission[]])).meta({
      description: 'What this key may do (the permission table of docs/API.md), for hiding what it may not.',
    }),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meOutput>;
