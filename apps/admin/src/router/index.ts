import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '@/stores/auth';

/** Every view is its own chunk, fetched when first visited, so the first load stays small. */
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true } },
  { path: '/', name: 'follow-ups', component: () => import('@/views/FollowUpsView.vue') },
  { path: '/customers', name: 'customers', component: () => import('@/views/CustomersView.vue') },
  { path: '/customers/new', name: 'customer-new', component: () => import('@/views/CustomerFormView.vue') },
  {
    path: '/customers/:id(\\d+)',
    name: 'customer',
    component: () => import('@/views/CustomerDetailView.vue'),
    props: true,
  },
  {
    path: '/customers/:id(\\d+)/edit',
    name: 'customer-edit',
    component: () => import('@/views/CustomerFormView.vue'),
    props: true,
  },
  { path: '/trash', name: 'trash', component: () => import('@/views/TrashView.vue') },
  { path: '/import', name: 'import', component: () => import('@/views/ImportView.vue') },
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
