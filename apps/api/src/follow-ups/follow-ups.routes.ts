import { followUpInput, followUpListQuery, followUpOutput, followUpPage, followUpPatchInput } from '@crm/schema';
import { findCustomer } from '../customers/customers.crud';
import type { AppDeps } from '../lib/context';
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
export const followUpRoutes = (deps: AppDeps) =>
  createRouter()
    .post(
      '/',
      route({
        tag: 'Follow-ups',
        summary: 'Add a follow-up entry (seed 6)',
        description:
          'Also sets the customer\'s `last_contact_at`/`next_follow_up_at` in the same write. An unknown customer answers `400 {"customer_id": ["Invalid pk \\"…\\" - object does not exist."]}`. `customer` (the name) is ignored on input.',
        // 404: the customer was deleted between the check and the insert.
        responses: { 201: { description: 'The new entry.', json: followUpOutput }, 404: 'NotFound' },
      }),
      jsonBody(followUpInput),
      async (c) => {
        const input = c.req.valid('json');
        // The customer lookup the detail page runs (prepared once): a live customer or none.
        if ((await findCustomer(deps.db, input.customer_id)) === undefined) {
          throw new DrfError(400, { customer_id: [`Invalid pk "${input.customer_id}" - object does not exist.`] });
        }
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
        summary: 'Planned follow-ups by next_time',
        description:
          'Entries that have a `next_time`, soonest first (ties by id), of customers not in the trash: the "who do I call next" list. Filters combine with AND.',
        responses: { 200: { description: 'A page of entries.', json: followUpPage } },
      }),
      validate('query', followUpListQuery),
      async (c) => {
        const query = c.req.valid('query');
        const page = pageRequest(query);
        const { rows, count } = await listPlannedFollowUps(deps.db, query, page.pageSize, page.offset);
        return c.json(pageBody(c.req.url, page, count, rows.map(serializeFollowUp)), 200);
      },
    )
    .get(
      '/:id',
      route({
        tag: 'Follow-ups',
        summary: 'One follow-up entry',
        responses: { 200: { description: 'The entry.', json: followUpOutput } },
      }),
      validate('param', idParam),
      async (c) => {
        const row = await findFollowUp(deps.db, c.req.valid('param').id);
        if (!row) throw notFound();
        return c.json(serializeFollowUp(row), 200);
      },
    )
    .patch(
      '/:id',
      route({
        tag: 'Follow-ups',
        summary: 'Correct a follow-up entry',
        description: `Any field but the customer it belongs to. ${contactTimesFollow}`,
        responses: { 200: { description: 'The updated entry.', json: followUpOutput } },
      }),
      validate('param', idParam),
      jsonBody(followUpPatchInput),
      async (c) => {
        const row = await updateFollowUp(deps.db, c.req.valid('param').id, c.req.valid('json'), c.var.user.id);
        if (!row) throw notFound();
        return c.json(serializeFollowUp(row), 200);
      },
    )
    .delete(
      '/:id',
      route({
        tag: 'Follow-ups',
        summary: 'Delete a follow-up entry',
        description: contactTimesFollow,
        responses: { 204: { description: 'Gone.' } },
      }),
      validate('param', idParam),
      async (c) => {
        if (!(await deleteFollowUp(deps.db, c.req.valid('param').id, c.var.user.id))) throw notFound();
        return c.body(null, 204);
      },
    );
