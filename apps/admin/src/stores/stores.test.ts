import { createPinia, setActivePinia } from 'pinia';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { ADMIN_PASSWORD, type RunningServer, sampleCustomer, startServer } from '../../e2e/server';

/**
 * The stores against the real API server (a subprocess on a fresh database), not a fake: the page
 * is put on the server's origin first, so the typed client talks to it like the built app does.
 */
let server: RunningServer;
let client: typeof import('@/api/client');
let auth: typeof import('./auth');
let customer: typeof import('./customer');
let list: typeof import('./customer-list');
let due: typeof import('./due');
let trash: typeof import('./trash');
let users: typeof import('./users');
let account: typeof import('./account');
let directory: typeof import('./directory');
let audit: typeof import('./audit');

const customerFields = {
  ...sampleCustomer,
  name: 'Store Test Ltd',
  email: 'store@example.com',
  principal: 'Jane Smith',
};

beforeAll(async () => {
  server = await startServer({ admin: false });
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${server.base}/`);
  client = await import('@/api/client');
  auth = await import('./auth');
  customer = await import('./customer');
  list = await import('./customer-list');
  due = await import('./due');
  trash = await import('./trash');
  users = await import('./users');
  account = await import('./account');
  directory = await import('./directory');
  audit = await import('./audit');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  setActivePinia(createPinia());
  localStorage.clear();
});

/**
 * Holds back the server's answers to the requests `held` picks until `release()`, so an older
 * request can be made to answer after a newer one (the requests still reach the real server).
 */
function holdAnswers(held: (url: URL) => boolean) {
  const realFetch = globalThis.fetch;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await realFetch(input, init);
    if (held(new URL(input instanceof Request ? input.url : String(input)))) await gate;
    return response;
  });
  return () => {
    release();
    spy.mockRestore();
  };
}

async function loggedIn() {
  const store = auth.useAuthStore();
  await store.login('admin', ADMIN_PASSWORD);
  return store;
}

describe('useAuthStore', () => {
  test('wrong credentials reject with the server’s non_field_errors and keep no key', async () => {
    const store = auth.useAuthStore();
    const error = await store.login('admin', 'wrong-password').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(client.ApiError);
    expect((error as InstanceType<typeof client.ApiError>).fieldErrors.non_field_errors).toEqual([
      'Unable to log in with provided credentials.',
    ]);
    expect(store.isLoggedIn).toBe(false);
    expect(localStorage.getItem('crm.token')).toBeNull();
  });

  test('log in keeps the key, log out revokes it on the server and forgets it', async () => {
    const store = await loggedIn();
    const key = localStorage.getItem('crm.token');
    expect(key).toBeTruthy();
    await store.reloadMe();
    expect(store.username).toBe('admin');
    expect(store.me?.role).toBe('admin');
    expect(store.can('users:write')).toBe(true);
    await store.logout();
    expect(store.isLoggedIn).toBe(false);
    expect(localStorage.getItem('crm.token')).toBeNull();
    const after = await fetch(`${server.base}/api/auth/me/`, { headers: { authorization: `Token ${key}` } });
    expect(after.status).toBe(401);
  });

  test('a 401 from any request forgets the key and calls the one unauthorized handler', async () => {
    let redirected = 0;
    client.onUnauthorized(() => {
      redirected++;
    });
    localStorage.setItem('crm.token', 'not-a-real-key');
    const store = list.useCustomerListStore();
    await store.load({});
    expect(redirected).toBe(1);
    expect((store.error as InstanceType<typeof client.ApiError>).status).toBe(401);
    expect(localStorage.getItem('crm.token')).toBeNull();
    client.onUnauthorized(() => {});
  });
});

describe('useCustomerStore', () => {
  test('the server’s field errors come back by field', async () => {
    await loggedIn();
    const store = customer.useCustomerStore();
    const error = await store
      .create({ ...customerFields, customer_type: 'Z' as 'A' })
      .catch((caught: unknown) => caught as InstanceType<typeof client.ApiError>);
    expect(error).toBeInstanceOf(client.ApiError);
    expect((error as InstanceType<typeof client.ApiError>).fieldErrors).toEqual({
      customer_type: ['"Z" is not a valid choice.'],
    });
  });

  test('create, load, add a follow-up, update, delete and restore', async () => {
    await loggedIn();
    const store = customer.useCustomerStore();
    const created = await store.create(customerFields);
    await store.load(created.id);
    expect(store.customer?.name).toBe('Store Test Ltd');
    expect(store.customer?.follow_up_log).toEqual([]);

    const next = '2031-05-06T07:08:00Z';
    await store.addFollowUp({
      customer_id: created.id,
      title: 'Intro',
      time: new Date().toISOString(),
      principal: 'Jane Smith',
      content: 'Hello',
      next_time: next,
    });
    expect(store.customer?.follow_up_log).toHaveLength(1);
    expect(store.customer?.next_follow_up_at).toBe('2031-05-06T07:08:00Z');

    await store.update(created.id, { ...customerFields, name: 'Store Test Renamed' });
    await store.load(created.id);
    expect(store.customer?.name).toBe('Store Test Renamed');

    await store.remove(created.id);
    expect(store.customer).toBeNull();
    const bin = trash.useTrashStore();
    await bin.load();
    expect(bin.page?.results.map((row) => row.id)).toContain(created.id);
    await bin.restore(created.id);
    expect(bin.page?.results.map((row) => row.id)).not.toContain(created.id);
    await store.load(created.id);
    expect(store.customer?.name).toBe('Store Test Renamed');
  });
});

describe('useCustomerListStore and useDueStore', () => {
  test('the list loads a page with the query it is given', async () => {
    await loggedIn();
    const store = list.useCustomerListStore();
    await store.load({ customer_type: 'A', page_size: '5' });
    expect(store.error).toBeUndefined();
    expect(store.page?.results.every((row) => row.customer_type === 'A')).toBe(true);
    await store.load({ customer_type: 'D' });
    expect(store.page?.count).toBe(0);
  });

  test('only the latest request lands: an older, slower answer (or error) does not overwrite it', async () => {
    await loggedIn();
    const details = customer.useCustomerStore();
    const [a, b] = await Promise.all([
      details.create({ ...customerFields, name: 'Slow Sam' }),
      details.create({ ...customerFields, name: 'Quick Quinn' }),
    ]);
    const store = list.useCustomerListStore();
    const release = holdAnswers((url) => url.searchParams.get('q')?.startsWith('slow') ?? false);
    const older = store.load({ q: 'slow-nobody-has-this-name' });
    const olderFailure = store.load({ q: 'slow', page: '999' });
    await store.load({ customer_type: 'A' });
    expect(store.loading).toBe(false);
    const newest = store.page;
    expect(newest?.results.length).toBeGreaterThan(0);
    release();
    await Promise.all([older, olderFailure]);
    expect(store.page).toBe(newest);
    expect(store.error).toBeUndefined();

    const hold = holdAnswers((url) => url.pathname.replace(/\/$/, '') === `/api/customer/detail/${a.id}`);
    const first = details.load(a.id);
    await details.load(b.id);
    hold();
    await first;
    expect(details.customer?.name).toBe('Quick Quinn');
  });

  test('an overdue customer is on the overdue tab with the counts of every tab', async () => {
    await loggedIn();
    const store = customer.useCustomerStore();
    const late = await store.create({ ...customerFields, name: 'Late Larry' });
    await store.addFollowUp({
      customer_id: late.id,
      title: 'Call',
      time: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      principal: 'Jane Smith',
      content: 'Call back',
      next_time: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const dueStore = due.useDueStore();
    await dueStore.load({ due: 'overdue', owner: 'all', principal: '' });
    expect(dueStore.rows.map((row) => row.name)).toContain('Late Larry');
    expect(dueStore.counts.overdue).toBe(dueStore.rows.length);
    expect(dueStore.counts.today).toBe(0);
    await dueStore.load({ due: 'overdue', owner: 'all', principal: 'Nobody' });
    expect(dueStore.rows).toEqual([]);
    // Jane Smith is no user: the admin owns none of these, so "mine" is empty.
    await dueStore.load({ due: 'overdue', owner: 'me', principal: '' });
    expect(dueStore.rows).toEqual([]);
    expect(dueStore.counts.overdue).toBe(0);
  });
});

describe('users, my account and the directory', () => {
  test('an admin creates a user with a generated password shown once, changes and disables them', async () => {
    await loggedIn();
    const store = users.useUsersStore();
    const created = await store.create({ username: 'sara', display_name: 'Sara Sales', role: 'sales', password: '' });
    expect(created.password?.length).toBeGreaterThanOrEqual(10);
    expect(store.users.map((user) => user.username)).toEqual(['admin', 'sara']);
    const given = await store.create({ username: 'vic', display_name: '', role: 'viewer', password: 'vic-password-1' });
    expect(given.password).toBeUndefined();

    // The generated password logs in; the user's directory entry is there for the picker.
    setActivePinia(createPinia());
    const sara = auth.useAuthStore();
    await sara.login('sara', created.password ?? '');
    expect(sara.me?.role).toBe('sales');
    expect(sara.can('customers:write')).toBe(true);
    expect(sara.can('users:read')).toBe(false);
    const names = directory.useDirectoryStore();
    await names.load();
    expect(names.entries.map((entry) => entry.display_name)).toContain('Sara Sales');
    // The server refuses the admin's list to her, in DRF's words.
    const refused = users.useUsersStore();
    await refused.load();
    expect((refused.error as InstanceType<typeof client.ApiError>).status).toBe(403);

    setActivePinia(createPinia());
    await loggedIn();
    const admin = users.useUsersStore();
    await admin.load();
    const changed = await admin.update(created.id, { role: 'manager', display_name: 'Sara M' });
    expect(changed).toMatchObject({ role: 'manager', display_name: 'Sara M' });
    await admin.update(created.id, { disabled: true });
    expect(admin.users.find((user) => user.id === created.id)?.disabled).toBe(true);
    // The last admin stays: its 400 carries the message the screen shows.
    const lastAdmin = await admin.update(auth.useAuthStore().me?.id ?? '', { role: 'viewer' }).catch((e: unknown) => e);
    expect((lastAdmin as Error).message).toContain('The last admin');
  });

  test('my account: the old password is required; a key is shown once, listed, and revoked', async () => {
    await loggedIn();
    const store = users.useUsersStore();
    const user = await store.create({ username: 'kim', display_name: '', role: 'sales', password: 'kim-password-1' });
    setActivePinia(createPinia());
    const kim = auth.useAuthStore();
    await kim.login(user.username, 'kim-password-1');
    const mine = account.useAccountStore();
    const wrong = await mine.changePassword('not-it', 'kim-password-2').catch((e: unknown) => e);
    expect((wrong as InstanceType<typeof client.ApiError>).fieldErrors.old_password).toBeDefined();
    await mine.changePassword('kim-password-1', 'kim-password-2');
    const created = await mine.createKey('reports', 'read');
    expect(created.key.length).toBeGreaterThan(20);
    expect(mine.keys.map((key) => [key.name, key.scope, key.current])).toEqual([
      ['login', 'write', true],
      ['reports', 'read', false],
    ]);
    await mine.revoke(created.id);
    expect(mine.keys.map((key) => key.name)).toEqual(['login']);
    const revoked = await fetch(`${server.base}/api/auth/me/`, { headers: { authorization: `Token ${created.key}` } });
    expect(revoked.status).toBe(401);
  });
});

describe('useAuditStore', () => {
  test('an admin pages the whole history and filters it by user and by object; others are refused', async () => {
    await loggedIn();
    const ada = await users
      .useUsersStore()
      .create({ username: 'ada', display_name: '', role: 'sales', password: 'ada-password-1' });
    const byAdmin = await customer.useCustomerStore().create({ ...customerFields, name: 'Audit Admin Ltd' });

    setActivePinia(createPinia());
    await auth.useAuthStore().login('ada', 'ada-password-1');
    const byAda = await customer
      .useCustomerStore()
      .create({ ...customerFields, name: 'Audit Ada Ltd', principal: 'ada' });
    // The whole history is the admins': a sales user's store holds the server's 403.
    const refused = audit.useAuditStore();
    await refused.load({ user: '', object: '', id: '', page: 1, pageSize: 20 });
    expect((refused.error as InstanceType<typeof client.ApiError>).status).toBe(403);

    setActivePinia(createPinia());
    await loggedIn();
    const store = audit.useAuditStore();
    await store.load({ user: ada.id, object: '', id: '', page: 1, pageSize: 20 });
    expect(store.page?.results.map((entry) => [entry.user, entry.object, entry.object_id, entry.action])).toEqual([
      ['ada', 'customer', byAda.id, 'create'],
    ]);
    expect(store.page?.results[0]?.customer_id).toBe(byAda.id);

    await store.load({ user: '', object: 'customer', id: byAdmin.id, page: 1, pageSize: 20 });
    expect(store.page?.results.map((entry) => [entry.user, entry.object_id])).toEqual([['admin', byAdmin.id]]);

    // Unfiltered and paged: newest first, with the exact count.
    await store.load({ user: '', object: '', id: '', page: 1, pageSize: 10 });
    const count = store.page?.count ?? 0;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(store.page?.results[0]).toMatchObject({ user: 'ada', object_id: byAda.id });
    await store.load({ user: '', object: '', id: '', page: Math.ceil(count / 10), pageSize: 10 });
    expect(store.page?.results.length).toBe(count % 10 || 10);
    expect(store.error).toBeUndefined();
  });
});
