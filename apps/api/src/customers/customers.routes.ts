import {
  choices,
  customerInput,
  customerPatchInput,
  customerReplaceInput,
  customerSearchQuery,
  formatTime,
  pageQuery,
} from '@crm/schema';
import { Hono } from 'hono';
import { z } from 'zod';
import { serializeFollowUp } from '../follow-ups/follow-ups.serialize';
import type { AppDeps, AppEnv } from '../lib/context';
import { notFound } from '../lib/errors';
import { pageBody, pageRequest } from '../lib/pagination';
import { idParam, requireJsonObject, validate } from '../lib/validate';
import {
  findCustomer,
  findFollowUpsOf,
  insertCustomer,
  listTrash,
  purgeCustomer,
  restoreCustomer,
  trashCustomer,
  updateCustomer,
} from './customers.crud';
import { searchCustomers } from './customers.search';
import { serializeCustomer } from './customers.serialize';

/** The seed's customer endpoints and what we added beside them, mounted at /api/customer. */
export const customerRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>({ strict: false })
    .post('/customers', requireJsonObject, validate('json', customerInput), async (c) => {
      const row = await insertCustomer(deps.db, c.req.valid('json'), deps.now(), c.var.user.id);
      c.header('Location', `/api/customer/detail/${row.id}/`);
      return c.json(serializeCustomer(row), 201);
    })
    .get('/customers', validate('query', customerSearchQuery), async (c) => {
      const search = c.req.valid('query');
      const page = pageRequest(search);
      const { rows, count } = await searchCustomers(deps.db, search, page.pageSize, page.offset, deps.now());
      return c.json(pageBody(c.req.url, page, count, rows.map(serializeCustomer)), 200);
    })
    // The seed's update: PUT with the id in the body, answered 201.
    .put('/customers/update', requireJsonObject, validate('json', customerReplaceInput), async (c) => {
      const { id, ...fields } = c.req.valid('json');
      const row = await updateCustomer(deps.db, id, fields, deps.now(), c.var.user.id);
      if (!row) throw notFound();
      return c.json(serializeCustomer(row), 201);
    })
    .patch(
      '/customers/:id',
      validate('param', idParam),
      requireJsonObject,
      validate('json', customerPatchInput),
      async (c) => {
        const row = await updateCustomer(
          deps.db,
          c.req.valid('param').id,
          c.req.valid('json'),
          deps.now(),
          c.var.user.id,
        );
        if (!row) throw notFound();
        return c.json(serializeCustomer(row), 200);
      },
    )
    // The seed says "no body": 200 with an empty body.
    .delete('/customers/:id', validate('param', idParam), async (c) => {
      if (!(await trashCustomer(deps.db, c.req.valid('param').id, deps.now(), c.var.user.id))) throw notFound();
      return c.body(null, 200);
    })
    .post('/customers/:id/restore', validate('param', idParam), async (c) => {
      const row = await restoreCustomer(deps.db, c.req.valid('param').id, c.var.user.id);
      if (!row) throw notFound();
      const log = await findFollowUpsOf(deps.db, row.id);
      return c.json({ ...serializeCustomer(row), follow_up_log: log.map(serializeFollowUp) }, 200);
    })
    .get('/detail/:id', validate('param', idParam), async (c) => {
      const id = c.req.valid('param').id;
      const [row, log] = await Promise.all([findCustomer(deps.db, id), findFollowUpsOf(deps.db, id)]);
      if (!row) throw notFound();
      return c.json({ ...serializeCustomer(row), follow_up_log: log.map(serializeFollowUp) }, 200);
    })
    .get('/trash', validate('query', z.object(pageQuery)), async (c) => {
      const page = pageRequest(c.req.valid('query'));
      const { rows, count } = await listTrash(deps.db, page.pageSize, page.offset);
      const results = rows.map(({ deleted_at, ...row }) => ({
        ...serializeCustomer(row),
        deleted_at: formatTime(deleted_at ?? 0),
        purge_at: formatTime((deleted_at ?? 0) + deps.trashDays * 86_400_000),
      }));
      return c.json(pageBody(c.req.url, page, count, results), 200);
    })
    .delete('/trash/:id', validate('param', idParam), async (c) => {
      if (!(await purgeCustomer(deps.db, c.req.valid('param').id, c.var.user.id))) throw notFound();
      return c.body(null, 204);
    })
    .get('/options', (c) => c.json(choices, 200));
