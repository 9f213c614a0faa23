import * as z from 'zod';
import { drfMessage } from './errors';
import { choice, requiredText } from './fields';
import { keyScopes, roles } from './permissions';

export * from './permissions';

/** Users and keys as requests and answers; roles, scopes and permissions are in ./permissions. */

/** Django's username rule: letters, digits and @ . + - _, at most 150. */
export const USERNAME_PATTERN = /^[\w.@+-]{1,150}$/;
export const MIN_PASSWORD_LENGTH = 10;

const passwordField = z
  .string({ error: drfMessage })
  .min(MIN_PASSWORD_LENGTH, {
    error: `This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`,
  })
  .max(1024, { error: drfMessage });

export const passwordTooSimilar = 'The password is too similar to the username.';

/** A password for `username`: at least 10 characters and not the username (Django's validators, in short). */
export const isPasswordAllowed = (password: string, username: string) =>
  password.length >= MIN_PASSWORD_LENGTH && password.trim().toLowerCase() !== username.trim().toLowerCase();

const displayName = z.string({ error: drfMessage }).trim().max(100, { error: drfMessage }).meta({
  description: 'How the user is shown; a customer whose `principal` is this text (or the username) is theirs.',
});

/** `POST /api/users/`: a password, or none to have one generated and shown once. */
export const userCreateInput = z
  .object({
    username: requiredText(150).regex(USERNAME_PATTERN, {
      error: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    }),
    display_name: displayName.optional(),
    role: choice(roles),
    password: passwordField.optional().meta({ description: 'Absent: a random one, shown once in the answer.' }),
  })
  .refine((input) => input.password === undefined || isPasswordAllowed(input.password, input.username), {
    path: ['password'],
    error: passwordTooSimilar,
  })
  .meta({ id: 'UserCreate', examples: [{ username: 'jane', display_name: 'Jane Smith', role: 'sales' }] });
export type UserCreateInput = z.output<typeof userCreateInput>;

/** `PATCH /api/users/<id>/`: the fields sent change. */
export const userUpdateInput = z
  .object({
    display_name: displayName.optional(),
    role: choice(roles).optional(),
    disabled: z.boolean({ error: 'Must be a valid boolean.' }).optional(),
    password: passwordField.optional().meta({ description: "A new password (an admin's reset)." }),
  })
  .meta({ id: 'UserUpdate', examples: [{ role: 'manager' }, { disabled: true }] });
export type UserUpdateInput = z.output<typeof userUpdateInput>;

/** `POST /api/auth/password/`: the old password is required. */
export const passwordChangeInput = z
  .object({
    old_password: z.string({ error: drfMessage }).min(1, { error: drfMessage }).max(1024),
    new_password: passwordField,
  })
  .meta({ id: 'PasswordChange' });

export const userOutput = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    role: z.enum(roles),
    disabled: z.boolean(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userOutput>;

/** A created user; `password` only when the server chose it (shown this once). */
export const createdUserOutput = userOutput
  .extend({
    password: z.string().optional().meta({ description: 'The generated first password; shown only this once.' }),
  })
  .meta({ id: 'CreatedUser' });

/** The directory every user may read: who can own customers (for the principal picker). */
export const directoryEntry = z
  .object({ id: z.string(), username: z.string(), display_name: z.string(), role: z.enum(roles) })
  .meta({ id: 'DirectoryEntry' });
export const userDirectory = z.array(directoryEntry).meta({ id: 'UserDirectory' });

export const userList = z.array(userOutput).meta({ id: 'UserList' });

/** One of the signed-in user's keys (never the key itself). */
export const keyOutput = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(keyScopes),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable(),
    current: z.boolean().meta({ description: 'The key of this request.' }),
  })
  .meta({ id: 'Key' });
export const keyList = z.array(keyOutput).meta({ id: 'KeyList' });

/** `POST /api/auth/keys/`: a new key of the signed-in user. */
export const keyCreateInput = z
  .object({
    name: z.string().trim().max(100, { error: drfMessage }).default(''),
    scope: choice(keyScopes).default('write'),
  })
  .meta({ id: 'KeyCreate', examples: [{ name: 'reporting', scope: 'read' }] });

export const createdKeyOutput = keyOutput
  .extend({ key: z.string().meta({ description: 'The key; shown only this once.' }) })
  .meta({ id: 'CreatedKey' });
