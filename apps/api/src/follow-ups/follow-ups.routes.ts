import { followUpInput, followUpListQuery, followUpOutput, followUpPage, followUpPatchInput } from '@crm/schema';
import { checkChangeable, checkVisible, ownerFilter } from '../customers/access';
import { findCustomer } from '../customers/customers.crud';
import type { AppDeps, AuthUser } from '../lib/context';
import { DrfError, notFound } from '../lib/errors';
import { pageBody, pageRequest } from '../lib/pagination';
import { createRouter, route } from '../lib/route';
import { idParam, jsonBody, validate } from '../lib/validate';
import {
  deleteFollowUp,
  findFollowUp,
  insertFollowUp,
  listPlannedFollowUps,
  updateFollowUp,
} from './follow-ups.queries';
import { serializeFollowUp } from './follow-ups.serialize';

const contactTimesFollow = "The customer's `last_contact_at`/`next_follow_up_at` follow.";

/** The follow-up log, mounted at /api/customer/follow-up. */
export const followUpRoutes = (deps: AppDeps) => {
  /** A follow-up is changed by whoever may change its customer (customers/access.ts). */
  const checkFollowUpChangeable = async (id: number, user: AuthUser) => {
    if (user.role !== 'sales') return;
    const row = await findFollowUp(deps.db, id);
    if (!row) throw notFound();
    await checkChangeable(deps, user, row.customer_id);
  };
  return createRouter()
    .post(
      '/',
      route({
        tag: 'Follow-ups',
        permission: 'customers:write',
        summary: 'Add a follow-up entry (seed 6)',
        description:
          'Also sets the customer\'s `last_contact_at`/`next_follow_up_at` in the same write. An unknown customer answers `400 {"customer_id": ["Invalid pk \\"…\\" - object does not exist."]}`. `customer` (the name) is ignored on input.',
        // 404: the customer was deleted between the check and the insert.
        responses: { 201: { description: 'The new entry.', json: followUpOutput }, 404: 'NotFound' },
      }),
      jsonBody(followUpInput),
      async (c) => {
        const input = c.req.valid('json');
        const noSuchCustomer = () =>
          new DrfError(400, { customer_id: [`Invalid pk "${input.customer_id}" - object does not exist.`] });
        // The customer lookup the detail page runs (prepared once): a live customer or none.
        if ((await findCustomer(deps.db, input.customer_id)) === undefined) throw noSuchCustomer();
        await checkChangeable(deps, c.var.user, input.customer_id, noSuchCustomer);
        const row = await insertFollowUp(deps.db, input, deps.now(), c.var.user.id);
        // The customer can be deleted between the check and the insert; the join then finds nothing.
        if (!row) throw notFound();
        return c.json(serializeFollowUp(row), 201);
      },
    )
    .get(
      '/',
      route({
        tag: 'Follow-ups',
        permission: 'customers:read',
        summary: 'Planned follow-ups by next_time',
        description:
          'Entries that have a `next_time`, soonest first (ties by id), of customers not in the trash: the "who do I call next" list. Filters combine with AND.',
        responses: { 200: { description: 'A page of entries.', json: followUpPage } },
      }),
      validate('query', followUpListQuery),
      async (c) => {
        const query = c.req.valid('query');
        const page = pageRequest(query);
        const filters = { ...query, owner: ownerFilter(deps, c.var.user, query.owner) };
        const { rows, count } = await listPlannedFollowUps(deps.db, filters, page.pageSize, page.offset);
        return c.json(pageBody(c.req.url, page, count, rows.map(serializeFollowUp)), 200);
      },
    )
    .get(
      '/:id',
      route({
        tag: 'Follow-ups',
        permission: 'customers:read',
        summary: 'One follow-up entry',
        responses: { 200: { description: 'The entry.', json: followUpOutput } },
      }),
      validate('param', idParam),
      async (c) => {
        const row = await findFollowUp(deps.db, c.req.valid('param').id);
        if (!row) throw notFound();
        await checkVisible(deps, c.var.user, row.customer_id);
        return c.json(serializeFollowUp(row), 200);
      },
    )
    .patch(
      '/:id',
      route({
        tag: 'Follow-ups',
        permission: 'customers:write',
        summary: 'Correct a follow-up entry',
        description: `Any field but the customer it belongs to. ${contactTimesFollow}`,
        responses: { 200: { description: 'The updated entry.', json: followUpOutput } },
      }),
      validate('param', idParam),
      jsonBody(followUpPatchInput),
      async (c) => {
        await checkFollowUpChangeable(c.req.valid('param').id, c.var.user);
        const row = await updateFollowUp(deps.db, c.req.valid('param').id, c.req.valid('json'), c.var.user.id);
        if (!row) throw notFound();
        return c.json(serializeFollowUp(row), 200);
      },
    )
    .delete(
      '/:id',
      route({
        tag: 'Follow-ups',
        permission: 'customers:write',
        summary: 'Delete a follow-up entry',
        description: contactTimesFollow,
        responses: { 204: { description: 'Gone.' } },
      }),
      validate('param', idParam),
      async (c) => {
        await checkFollowUpChangeable(c.req.valid('param').id, c.var.user);
        if (!(await deleteFollowUp(deps.db, c.req.valid('param').id, c.var.user.id))) throw notFound();
        return c.body(null, 204);
      },
    );
};
