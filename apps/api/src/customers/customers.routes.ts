import {
  type ChoiceOptions,
  type CustomerDetail,
  choiceOptions,
  choices,
  customerDetail,
  customerInput,
  customerOutput,
  customerPage,
  customerPatchInput,
  customerReplaceInput,
  customerSearchQuery,
  formatTime,
  pageQuery,
  type TrashedCustomer,
  trashPage,
} from '@crm/schema';
import * as z from 'zod';
import { serializeFollowUp } from '../follow-ups/follow-ups.serialize';
import type { AppDeps } from '../lib/context';
import { notFound } from '../lib/errors';
import { pageBody, pageRequest } from '../lib/pagination';
import { createRouter, route } from '../lib/route';
import { idParam, jsonBody, validate } from '../lib/validate';
import { checkAssignment, checkChangeable, ownerFilter, sees } from './access';
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

const trashQuery = z.object(pageQuery);

/** The answer of `GET /options/`, built once: the choice lists as the schema's arrays. */
const options: ChoiceOptions = {
  customer_type: [...choices.customer_type],
  lead_source: [...choices.lead_source],
  customer_industry: [...choices.customer_industry],
  follow_up_status: [...choices.follow_up_status],
};

/** The seed's customer endpoints and what we added beside them, mounted at /api/customer. */
export const customerRoutes = (deps: AppDeps) =>
  createRouter()
    .post(
      '/customers',
      route({
        tag: 'Customers',
        permission: 'customers:write',
        summary: 'Create a customer (seed 1)',
        description:
          'Unknown and read-only fields (`id`, timestamps) are ignored. Optional text fields left out become `""`.',
        responses: {
          201: {
            description: 'The new customer.',
            json: customerOutput,
            headers: { Location: { schema: { type: 'string' }, description: '`/api/customer/detail/<id>/`' } },
          },
        },
      }),
      jsonBody(customerInput),
      async (c) => {
        await checkAssignment(deps, c.var.user, c.req.valid('json').principal);
        const row = await insertCustomer(deps.db, c.req.valid('json'), deps.now(), c.var.user.id);
        c.header('Location', `/api/customer/detail/${row.id}/`);
        return c.json(serializeCustomer(row), 201);
      },
    )
    .get(
      '/customers',
      route({
        tag: 'Customers',
        permission: 'customers:read',
        summary: 'Search customers (seed 2)',
        description:
          'The four choice filters combine with AND; a filter that is absent, empty or `all` does not filter. An unknown choice answers 400. Paged like DRF. With `VISIBILITY=own`, a `sales` user finds only the customers they own.',
        responses: { 200: { description: 'A page of customers.', json: customerPage } },
      }),
      validate('query', customerSearchQuery),
      async (c) => {
        const query = c.req.valid('query');
        const search = { ...query, owner: ownerFilter(deps, c.var.user, query.owner) };
        const page = pageRequest(search);
        const { rows, count } = await searchCustomers(deps.db, search, page.pageSize, page.offset, deps.now());
        return c.json(pageBody(c.req.url, page, count, rows.map(serializeCustomer)), 200);
      },
    )
    .put(
      '/customers/update',
      route({
        tag: 'Customers',
        permission: 'customers:write',
        summary: 'Replace a customer (seed 5)',
        description:
          'The whole customer with its `id` in the body. Answers **201** (the seed\'s code). Optional fields left out become `""`. Missing `id` answers `400 {"id": ["This field is required."]}`; an unknown one 404.',
        responses: { 201: { description: 'The updated customer.', json: customerOutput }, 404: 'NotFound' },
      }),
      jsonBody(customerReplaceInput),
      async (c) => {
        const { id, ...fields } = c.req.valid('json');
        await checkChangeable(deps, c.var.user, id);
        await checkAssignment(deps, c.var.user, fields.principal);
        const row = await updateCustomer(deps.db, id, fields, deps.now(), c.var.user.id);
        if (!row) throw notFound();
        return c.json(serializeCustomer(row), 201);
      },
    )
    .patch(
      '/customers/:id',
      route({
        tag: 'Customers',
        permission: 'customers:write',
        summary: 'Update some fields of a customer',
        description: 'Only the fields sent change; the others keep their values.',
        responses: { 200: { description: 'The updated customer.', json: customerOutput } },
      }),
      validate('param', idParam),
      jsonBody(customerPatchInput),
      async (c) => {
        const { id } = c.req.valid('param');
        await checkChangeable(deps, c.var.user, id);
        await checkAssignment(deps, c.var.user, c.req.valid('json').principal);
        const row = await updateCustomer(deps.db, id, c.req.valid('json'), deps.now(), c.var.user.id);
        if (!row) throw notFound();
        return c.json(serializeCustomer(row), 200);
      },
    )
    .delete(
      '/customers/:id',
      route({
        tag: 'Customers',
        permission: 'customers:write',
        summary: 'Delete a customer into the trash (seed 4)',
        description: `The customer and its log leave every list, search and detail at once (404 afterwards) but stay restorable in the trash for ${deps.trashDays} days (\`TRASH_DAYS\`), then are purged.`,
        // The seed says "no body": 200 with an empty body.
        responses: { 200: { description: 'Deleted; the body is empty.' } },
      }),
      validate('param', idParam),
      async (c) => {
        await checkChangeable(deps, c.var.user, c.req.valid('param').id);
        if (!(await trashCustomer(deps.db, c.req.valid('param').id, deps.now(), c.var.user.id))) throw notFound();
        return c.body(null, 200);
      },
    )
    .post(
      '/customers/:id/restore',
      route({
        tag: 'Trash',
        permission: 'customers:manage',
        summary: 'Restore a customer from the trash',
        description: 'The customer comes back with the same id and its log. 404 when it is not in the trash.',
        responses: { 200: { description: 'The restored customer with its log.', json: customerDetail } },
      }),
      validate('param', idParam),
      async (c) => {
        const row = await restoreCustomer(deps.db, c.req.valid('param').id, c.var.user.id);
        if (!row) throw notFound();
        const log = await findFollowUpsOf(deps.db, row.id);
        const body: CustomerDetail = { ...serializeCustomer(row), follow_up_log: log.map(serializeFollowUp) };
        return c.json(body, 200);
      },
    )
    .get(
      '/detail/:id',
      route({
        tag: 'Customers',
        permission: 'customers:read',
        summary: 'A customer with its follow-up log (seed 3)',
        responses: {
          200: { description: 'The customer plus `follow_up_log`, sorted by `time` ascending.', json: customerDetail },
        },
      }),
      validate('param', idParam),
      async (c) => {
        const id = c.req.valid('param').id;
        const [row, log] = await Promise.all([findCustomer(deps.db, id), findFollowUpsOf(deps.db, id)]);
        if (!row || !sees(deps, c.var.user, row.owner_id)) throw notFound();
        const body: CustomerDetail = { ...serializeCustomer(row), follow_up_log: log.map(serializeFollowUp) };
        return c.json(body, 200);
      },
    )
    .get(
      '/trash',
      route({
        tag: 'Trash',
        permission: 'trash:read',
        summary: 'Deleted customers, newest first',
        responses: { 200: { description: 'A page of deleted customers.', json: trashPage } },
      }),
      validate('query', trashQuery),
      async (c) => {
        const page = pageRequest(c.req.valid('query'));
        const { rows, count } = await listTrash(deps.db, page.pageSize, page.offset);
        const results = rows.map(
          ({ deleted_at, ...row }): TrashedCustomer => ({
            ...serializeCustomer(row),
            deleted_at: formatTime(deleted_at ?? 0),
            purge_at: formatTime((deleted_at ?? 0) + deps.trashDays * 86_400_000),
          }),
        );
        return c.json(pageBody(c.req.url, page, count, results), 200);
      },
    )
    .delete(
      '/trash/:id',
      route({
        tag: 'Trash',
        permission: 'customers:purge',
        summary: 'Purge a deleted customer now',
        description: 'Deletes the customer and its log for good. 404 when it is not in the trash.',
        responses: { 204: { description: 'Gone.' } },
      }),
      validate('param', idParam),
      async (c) => {
        if (!(await purgeCustomer(deps.db, c.req.valid('param').id, c.var.user.id))) throw notFound();
        return c.body(null, 204);
      },
    )
    .get(
      '/options',
      route({
        tag: 'Customers',
        permission: 'customers:read',
        summary: 'The choice lists',
        description: 'The values of the four choice fields, in display order, for building menus.',
        responses: { 200: { description: 'The choices.', json: choiceOptions } },
      }),
      (c) => c.json(options, 200),
    );
