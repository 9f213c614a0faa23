import type { Permission } from '@crm/schema/permissions';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs no log in. */
    public?: boolean;
    /** Message key of the page title (document.title), read by App.vue. */
    title?: string;
    /** What the signed-in key must be allowed (`me.permissions`) to open the screen. */
    permission?: Permission;
  }
}

import { useAuthStore } from '@/stores/auth';

/** Every view is its own chunk, fetched when first visited, so the first load stays small. */
const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  { path: '/', name: 'follow-ups', component: () => import('@/views/FollowUpsView.vue'), meta: { title: 'due.title' } },
  {
    path: '/customers',
    name: 'customers',
    component: () => import('@/views/CustomersView.vue'),
    meta: { title: 'list.title' },
  },
  {
    path: '/customers/new',
    name: 'customer-new',
    component: () => import('@/views/CustomerFormView.vue'),
    meta: { title: 'form.newTitle', permission: 'customers:write' },
  },
  {
    path: '/customers/:id(\\d+)',
    name: 'customer',
    component: () => import('@/views/CustomerDetailView.vue'),
    props: true,
    meta: { title: 'nav.customers' },
  },
  {
    path: '/customers/:id(\\d+)/edit',
    name: 'customer-edit',
    component: () => import('@/views/CustomerFormView.vue'),
    props: true,
    meta: { title: 'nav.customers', permission: 'customers:write' },
  },
  {
    path: '/trash',
    name: 'trash',
    component: () => import('@/views/TrashView.vue'),
    meta: { title: 'trash.title', permission: 'trash:read' },
  },
  {
    path: '/import',
    name: 'import',
    component: () => import('@/views/ImportView.vue'),
    meta: { title: 'transfer.title', permission: 'customers:manage' },
  },
  {
    path: '/settings/users',
    name: 'users',
    component: () => import('@/views/UsersView.vue'),
    meta: { title: 'users.title', permission: 'users:read' },
  },
  {
    // The whole history is the admins' (the API answers 403 to other roles without a customer
    // or object filter); `users:read` is the admins-only permission the screen can check.
    path: '/settings/history',
    name: 'history',
    component: () => import('@/views/HistoryView.vue'),
    meta: { title: 'audit.title', permission: 'users:read' },
  },
  {
    path: '/settings/account',
    name: 'account',
    component: () => import('@/views/AccountView.vue'),
    meta: { title: 'account.title' },
  },
  {
    path: '/not-allowed',
    name: 'not-allowed',
    component: () => import('@/views/NotFoundView.vue'),
    props: { forbidden: true },
    meta: { title: 'app.forbidden' },
  },
  { path: '/:path(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    if (!to.meta.public && !auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.name === 'login' && auth.isLoggedIn) return { name: 'follow-ups' };
    if (to.meta.public) return true;
    // Who is signed in decides what each screen shows; a failure here (a 401 already went back to
    // log in, or the network) leaves the screen to show it.
    await auth.loadMe().catch(() => {});
    if (!auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.meta.permission && auth.me && !auth.can(to.meta.permission)) {
      return { name: 'not-allowed', query: { from: to.fullPath } };
    }
    return true;
  });
  return router;
}

/** Only same-app paths are followed after log in (never another site). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
