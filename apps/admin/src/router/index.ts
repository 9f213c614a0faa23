import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs no log in. */
    public?: boolean;
    /** Message key of the page title (document.title), read by App.vue. */
    title?: string;
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
    meta: { title: 'form.newTitle' },
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
    meta: { title: 'nav.customers' },
  },
  { path: '/trash', name: 'trash', component: () => import('@/views/TrashView.vue'), meta: { title: 'trash.title' } },
  {
    path: '/import',
    name: 'import',
    component: () => import('@/views/ImportView.vue'),
    meta: { title: 'transfer.title' },
  },
  { path: '/:path(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach((to) => {
    const auth = useAuthStore();
    if (!to.meta.public && !auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.name === 'login' && auth.isLoggedIn) return { name: 'follow-ups' };
    return true;
  });
  return router;
}

/** Only same-app paths are followed after log in (never another site). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
