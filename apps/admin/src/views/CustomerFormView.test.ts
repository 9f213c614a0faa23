import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { pendingConfirm, settleConfirm } from '@/composables/use-confirm';
import { expectedEnglishFieldLabels } from '@/locales/field-labels.fixture';
import { appPlugins } from '@/test-setup';
import CustomerFormView from './CustomerFormView.vue';

/** The create form in a router of its own; no request is made by anything tested here. */
async function mountNewForm() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/customers/new', component: CustomerFormView },
      { path: '/elsewhere', component: defineComponent({ render: () => h('p', 'elsewhere') }) },
    ],
  });
  await router.push('/customers/new');
  const wrapper = mount(defineComponent({ render: () => h(RouterView) }), {
    global: { plugins: [...(await appPlugins()), router] },
  });
  await flushPromises();
  return { wrapper, router };
}

const errorOf = (wrapper: Awaited<ReturnType<typeof mountNewForm>>['wrapper'], name: string) =>
  wrapper
    .findAll('.field')
    .find((field) => field.find(`[name="${name}"]`).exists())
    ?.find('.field-error');

describe('CustomerFormView', () => {
  test('labels are the field names in words, each tied to its control', async () => {
    const { wrapper } = await mountNewForm();
    const labels = wrapper.findAll('label').map((label) => label.text().replace(' *', ''));
    expect(labels).toEqual(expectedEnglishFieldLabels);
    for (const label of wrapper.findAll('label')) {
      expect(wrapper.find(`#${CSS.escape(label.attributes('for') ?? '')}`).exists()).toBe(true);
    }
  });

  test('the schema’s required fields are marked, for sight and for screen readers', async () => {
    const { wrapper } = await mountNewForm();
    const marked = wrapper
      .findAll('.field')
      .filter((field) => field.find('.required').exists())
      .map((field) => field.find('[name]').attributes('name'));
    expect(marked).toEqual([
      'name',
      'customer_type',
      'lead_source',
      'customer_industry',
      'follow_up_status',
      'principal',
    ]);
    const ariaRequired = wrapper.findAll('[aria-required="true"]').map((control) => control.attributes('name'));
    expect(ariaRequired).toEqual(marked);
  });

  test('saving an empty form shows the shared schema’s errors beside each required field', async () => {
    const { wrapper } = await mountNewForm();
    await wrapper.find('form').trigger('submit');
    expect(errorOf(wrapper, 'name')?.text()).toBe('This field may not be blank.');
    expect(errorOf(wrapper, 'customer_type')?.text()).toBe('This field is required.');
    expect(errorOf(wrapper, 'landline')?.exists()).toBe(false);
    await wrapper.find('[name="email"]').setValue('nope');
    await wrapper.find('form').trigger('submit');
    expect(errorOf(wrapper, 'email')?.text()).toBe('Enter a valid email address.');
    expect(wrapper.find('[name="email"]').attributes('aria-invalid')).toBe('true');
  });

  test('leaving with unsaved changes asks first; Cancel stays on the form', async () => {
    const { wrapper, router } = await mountNewForm();
    await wrapper.find('[name="name"]').setValue('Half typed');
    const leaving = router.push('/elsewhere');
    await flushPromises();
    expect(pendingConfirm.value?.message).toContain('unsaved changes');
    settleConfirm(false);
    await leaving;
    expect(router.currentRoute.value.path).toBe('/customers/new');

    const again = router.push('/elsewhere');
    await flushPromises();
    settleConfirm(true);
    await again;
    expect(router.currentRoute.value.path).toBe('/elsewhere');
  });
});
