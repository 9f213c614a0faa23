import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import type { FollowUpCreate } from '@/api/types';
import { appPlugins } from '@/test-setup';
import FollowUpForm from './FollowUpForm.vue';

async function mountForm(save: (body: FollowUpCreate) => Promise<void>, locale: 'en' | 'zh-CN' = 'en') {
  return mount(FollowUpForm, {
    props: { customerId: '7', principal: 'Jane Smith', save },
    global: { plugins: await appPlugins(locale) },
  });
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FollowUpForm', () => {
  test('the time of contact defaults to now and the principal to the customer’s', async () => {
    const wrapper = await mountForm(async () => {});
    const time = (wrapper.find('input[name="time"]').element as HTMLInputElement).value;
    expect(Math.abs(new Date(time).getTime() - Date.now())).toBeLessThan(2 * 60_000);
    expect((wrapper.find('input[name="principal"]').element as HTMLInputElement).value).toBe('Jane Smith');
  });

  test('the schema’s required fields are marked, for sight and for screen readers', async () => {
    const wrapper = await mountForm(async () => {});
    const marked = wrapper
      .findAll('.field')
      .filter((field) => field.find('.required').exists())
      .map((field) => field.find('[name]').attributes('name'));
    expect(marked).toEqual(['title', 'principal', 'time', 'content']);
    expect(wrapper.findAll('[aria-required="true"]').map((control) => control.attributes('name'))).toEqual(marked);
  });

  test('blank required fields are caught by the shared schema before anything is sent', async () => {
    const sent: FollowUpCreate[] = [];
    const wrapper = await mountForm(async (body) => {
      sent.push(body);
    });
    await wrapper.find('form').trigger('submit');
    expect(sent).toEqual([]);
    const errors = wrapper.findAll('.field-error').map((node) => node.text());
    expect(errors).toEqual(['This field may not be blank.', 'This field may not be blank.']);
    expect(wrapper.find('textarea').attributes('aria-describedby')).toBeTruthy();
  });

  test('Chinese shows the schema’s messages in Chinese', async () => {
    const wrapper = await mountForm(async () => {}, 'zh-CN');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('.field-error').text()).toBe('此字段不能为空。');
    expect(wrapper.find('button[type="submit"]').text()).toBe('添加跟进');
  });

  test('a valid entry is sent with ISO times and the form is emptied for the next one', async () => {
    const sent: FollowUpCreate[] = [];
    const wrapper = await mountForm(async (body) => {
      sent.push(body);
    });
    await wrapper.find('input[name="title"]').setValue('Call');
    await wrapper.find('textarea').setValue('Discussed the offer.');
    await wrapper.find('input[name="next_time"]').setValue('2030-01-02T03:04');
    await wrapper.find('form').trigger('submit');
    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ customer_id: '7', title: 'Call', principal: 'Jane Smith' });
    expect(sent[0]?.next_time).toBe(new Date('2030-01-02T03:04').toISOString());
    expect(wrapper.emitted('saved')).toHaveLength(1);
    expect((wrapper.find('input[name="title"]').element as HTMLInputElement).value).toBe('');
  });

  test('the server’s field errors are shown beside their fields', async () => {
    const { ApiError } = await import('@/api/client');
    const wrapper = await mountForm(async () => {
      throw new ApiError(400, { title: ['Ensure this field has no more than 200 characters.'] });
    });
    await wrapper.find('input[name="title"]').setValue('Call');
    await wrapper.find('textarea').setValue('Notes');
    await wrapper.find('form').trigger('submit');
    await flush();
    const titleField = wrapper.findAll('.field').find((field) => field.find('input[name="title"]').exists());
    expect(titleField?.find('.field-error').text()).toBe('Ensure this field has no more than 200 characters.');
  });
});
