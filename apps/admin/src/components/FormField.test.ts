import { type DrfCode, drfMessages, drfText } from '@crm/schema/errors';
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import { h } from 'vue';
import type { FieldMessage } from '@/lib/validation';
import { appPlugins } from '@/test-setup';
import FormField from './FormField.vue';

async function shown(errors: FieldMessage[], locale: 'en' | 'zh-CN') {
  const wrapper = mount(FormField, {
    props: { label: 'Name', errors },
    slots: { default: (slot: { id: string }) => h('input', { id: slot.id }) },
    global: { plugins: await appPlugins(locale) },
  });
  return wrapper.find('.field-error').text();
}

/** Each code's parameters, and its Chinese words with them filled in. */
const chinese: Record<DrfCode, [Record<string, string>, string]> = {
  required: [{}, '此字段为必填项。'],
  null: [{}, '此字段不能为 null。'],
  blank: [{}, '此字段不能为空。'],
  notString: [{}, '不是有效的字符串。'],
  nullCharacter: [{}, '不允许包含空字符。'],
  notInteger: [{}, '需要一个有效的整数。'],
  email: [{}, '请输入有效的电子邮箱地址。'],
  phone: [{}, '请输入有效的电话号码：只能包含数字、空格和 + - ( )。'],
  datetime: [{}, '日期时间格式错误。'],
  maxLength: [{ max: '100' }, '请确保此字段不超过 100 个字符。'],
  invalidChoice: [{ value: 'Z' }, '“Z”不是有效的选项。'],
};
const codes = Object.keys(drfMessages) as DrfCode[];
const detail = (code: DrfCode) => {
  const params = chinese[code][0];
  return { code, params, message: drfText(code, params) };
};

describe('FormField’s error text', () => {
  test.each(codes)('Chinese shows the Chinese words for %s', async (code) => {
    expect(await shown([detail(code)], 'zh-CN')).toBe(chinese[code][1]);
  });

  test.each(codes)('English shows DRF’s words for %s, as the API sends them', async (code) => {
    expect(await shown([detail(code)], 'en')).toBe(detail(code).message);
  });

  test('the server’s own words (a check only it makes) and errors without a code show as written', async () => {
    const server = 'Invalid pk "7" - object does not exist.';
    expect(await shown([server], 'zh-CN')).toBe(server);
    expect(await shown([{ code: null, params: {}, message: 'Nope.' }], 'zh-CN')).toBe('Nope.');
  });
});
