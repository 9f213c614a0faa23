import {
  createdUserOutput,
  formatTime,
  isPasswordAllowed,
  passwordTooSimilar,
  type User,
  userCreateInput,
  userDirectory as userDirectoryOutput,
  userList,
  userOutput,
  userUpdateInput,
} from '@crm/schema';
import { createUser } from '../auth/auth.queries';
import { generatePassword } from '../auth/crypto';
import type { AppDeps } from '../lib/context';
import { DrfError, notFound } from '../lib/errors';
import { createRouter, route } from '../lib/route';
import { idParam, jsonBody, validate } from '../lib/validate';
import { findUser, linkNewUser, listUsers, type UserRow, updateUser, userDirectory } from './users.queries';

export function serializeUser(row: UserRow): User {
  return {
    id: String(row.id),
    username: row.username,
    display_name: row.display_name,
    role: row.role,
    disabled: row.disabled,
    created_at: formatTime(row.created_at),
  };
}

const lastAdmin = () =>
  new DrfError(400, { detail: 'The last admin cannot be disabled or given another role: make another admin first.' });

/** User management (admins), mounted at /api/users; the directory is for everyone. */
export const userRoutes = (deps: AppDeps) =>
  createRouter()
    .get(
      '/',
      route({
        tag: 'Users',
        permission: 'users:read',
        summary: 'Every user, by username',
        responses: { 200: { description: 'The users.', json: userList } },
      }),
      async (c) => c.json((await listUsers(deps.db)).map(serializeUser), 200),
    )
    .post(
      '/',
      route({
        tag: 'Users',
        permission: 'users:write',
        summary: 'Create a user',
        description:
          'Without `password`, one is generated and shown once in the answer. Passwords have at least 10 characters and are not the username. Unowned customers whose `principal` is the new username or display name become theirs.',
        responses: { 201: { description: 'The new user.', json: createdUserOutput } },
      }),
      jsonBody(userCreateInput),
      async (c) => {
        const input = c.req.valid('json');
        const password = input.password ?? generatePassword();
        const row = await createUser(deps.db, input.username, password, {
          role: input.role,
          displayName: input.display_name,
          by: c.var.user.id,
        });
        if (!row) throw new DrfError(400, { username: ['A user with that username already exists.'] });
        await linkNewUser(deps.db, row, c.var.user.id);
        const body = { ...serializeUser(row), ...(input.password === undefined ? { password } : {}) };
        return c.json(body, 201);
      },
    )
    .get(
      '/directory',
      route({
        tag: 'Users',
        permission: 'customers:read',
        summary: 'Who can own customers',
        description:
          "Every enabled user's id, username, display name and role: the choices of a customer's `principal`.",
        responses: { 200: { description: 'The enabled users.', json: userDirectoryOutput } },
      }),
      async (c) => {
        const rows = await userDirectory(deps.db);
        return c.json(
          rows.map((row) => ({ ...row, id: String(row.id) })),
          200,
        );
      },
    )
    .patch(
      '/:id',
      route({
        tag: 'Users',
        permission: 'users:write',
        summary: "Change a user's display name, role, disabled state or password",
        description:
          "A disabled user's keys answer 401 from the next request on. The last enabled admin cannot be disabled or given another role (400). A new display name links the unowned customers named so.",
        responses: { 200: { description: 'The user.', json: userOutput } },
      }),
      validate('param', idParam),
      jsonBody(userUpdateInput),
      async (c) => {
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        if (changes.password !== undefined) {
          const user = await findUser(deps.db, id);
          if (!user) throw notFound();
          if (!isPasswordAllowed(changes.password, user.username)) {
            throw new DrfError(400, { password: [passwordTooSimilar] });
          }
        }
        const result = await updateUser(deps.db, id, changes, c.var.user.id);
        if ('error' in result) throw result.error === 'not found' ? notFound() : lastAdmin();
        return c.json(serializeUser(result.user), 200);
      },
    );
