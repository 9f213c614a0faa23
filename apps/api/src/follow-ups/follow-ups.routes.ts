import { followUpInput, followUpListQuery, followUpPatchInput } from '@crm/schema';
import { Hono } from 'hono';
import { findCustomer } from '../customers/customers.crud';
import type { AppDeps, AppEnv } from '../lib/context';
import { DrfError, notFound } from '../lib/errors';
import { pageBody, pageRequest } from '../lib/pagination';
import { idParam, requireJsonObject, validate } from '../lib/validate';
import {
  deleteFollowUp,
  findFollowUp,
  insertFollowUp,
  listPlannedFollowUps,
  updateFollowUp,
} from './follow-ups.queries';
import { serializeFollowUp } from './follow-ups.serialize';

/** The follow-up log, mounted at /api/customer/follow-up. */
export const followUpRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>({ strict: false })
    .post('/', requireJsonObject, validate('json', followUpInput), async (c) => {
      const input = c.req.valid('json');
      // The customer lookup the detail page runs (prepared once): a live customer or none.
      if ((await findCustomer(deps.db, input.customer_id)) === undefined) {
        throw new DrfError(400, { customer_id: [`Invalid pk "${input.customer_id}" - object does not exist.`] });
      }
      const row = await insertFollowUp(deps.db, input, deps.now(), c.var.user.id);
      // The customer can be deleted between the check and the insert; the join then finds nothing.
      if (!row) throw notFound();
      return c.json(serializeFollowUp(row), 201);
    })
    .get('/', validate('query', followUpListQuery), async (c) => {
      const query = c.req.valid('query');
      const page = pageRequest(query);
      const { rows, count } = await listPlannedFollowUps(deps.db, query, page.pageSize, page.offset);
      return c.json(pageBody(c.req.url, page, count, rows.map(serializeFollowUp)), 200);
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const row = await findFollowUp(deps.db, c.req.valid('param').id);
      if (!row) throw notFound();
      return c.json(serializeFollowUp(row), 200);
    })
    .patch('/:id', validate('param', idParam), requireJsonObject, validate('json', followUpPatchInput), async (c) => {
      const row = await updateFollowUp(deps.db, c.req.valid('param').id, c.req.valid('json'), c.var.user.id);
      if (!row) throw notFound();
      return c.json(serializeFollowUp(row), 200);
    })
    .delete('/:id', validate('param', idParam), async (c) => {
      if (!(await deleteFollowUp(deps.db, c.req.valid('param').id, c.var.user.id))) throw notFound();
      return c.body(null, 204);
    });
