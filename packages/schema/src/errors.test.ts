import { describe, expect, test } from 'bun:test';
import * as z from 'zod';
import { customerInput } from './customer';
import { type DrfErrorDetail, drfError, drfFieldErrors, drfMessages, drfText } from './errors';
import { followUpInput } from './follow-up';
import { customerSearchQuery } from './search';

const valid = {
  name: 'Acme',
  customer_type: 'A',
  lead_source: 'referral',
  customer_industry: 'retail',
  follow_up_status: 'proposal',
  principal: 'Jane',
};

/** The errors a schema gives one input, as the admin reads them (with the input reported). */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, DrfErrorDetail[]> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected the input to fail');
  return drfFieldErrors(result.error.issues);
}

/** The first error of one field of a customer that is valid but for that field. */
const customerError = (field: string, value: unknown) =>
  errorsOf(customerInput, { ...valid, [field]: value })[field]?.[0];

describe('zod issues → DRF errors', () => {
  test('DRF’s English words are the default text of each code', () => {
    expect(drfMessages.required).toBe('This field is required.');
    expect(drfText('maxLength', { max: '100' })).toBe('Ensure this field has no more than 100 characters.');
    expect(drfText('invalidChoice', { value: 'Z' })).toBe('"Z" is not a valid choice.');
  });

  test.each([
    ['name', undefined, 'required', {}, 'This field is required.'],
    ['name', null, 'null', {}, 'This field may not be null.'],
    ['name', 7, 'notString', {}, 'Not a valid string.'],
    ['name', '   ', 'blank', {}, 'This field may not be blank.'],
    ['name', 'x'.repeat(101), 'maxLength', { max: '100' }, 'Ensure this field has no more than 100 characters.'],
    ['name', 'a\u0000b', 'nullCharacter', {}, 'Null characters are not allowed.'],
    ['email', 'nope', 'email', {}, 'Enter a valid email address.'],
    ['landline', 'call me', 'phone', {}, drfMessages.phone],
    ['customer_type', 'Z', 'invalidChoice', { value: 'Z' }, '"Z" is not a valid choice.'],
    ['customer_type', undefined, 'required', {}, 'This field is required.'],
    ['customer_type', null, 'null', {}, 'This field may not be null.'],
  ])('customer %s = %j is %s', (field, value, code, params, message) => {
    expect(customerError(field, value)).toEqual({ code, params, message } as DrfErrorDetail);
  });

  test.each([
    ['customer_id', 'abc', 'notInteger'],
    ['customer_id', -1, 'notInteger'],
    ['customer_id', 1.5, 'notInteger'],
    ['customer_id', true, 'notInteger'],
    ['customer_id', undefined, 'required'],
    ['time', 'yesterday', 'datetime'],
    ['time', undefined, 'required'],
    ['next_time', 'soon', 'datetime'],
  ])('follow-up %s = %j is %s', (field, value, code) => {
    const input = { customer_id: '1', title: 't', time: '2030-01-01T00:00:00Z', principal: 'p', content: 'c' };
    const error = errorsOf(followUpInput, { ...input, [field]: value })[field]?.[0];
    expect(error?.code).toBe(code as DrfErrorDetail['code']);
    expect(error?.message).toBe(drfMessages[code as keyof typeof drfMessages]);
  });

  test('the API’s text is the same without the input: the schema’s error map already wrote it', () => {
    const result = customerInput.safeParse({ ...valid, name: undefined, customer_type: 'Z' });
    const errors = drfFieldErrors(result.error?.issues ?? []);
    expect(errors.name?.[0]?.message).toBe('This field is required.');
    expect(errors.customer_type?.[0]?.message).toBe('"Z" is not a valid choice.');
    // Absent or wrong: the code needs the input, so without it there is none.
    expect(errors.name?.[0]?.code).toBeNull();
  });

  test('one error per field, the first; the object as a whole is non_field_errors', () => {
    const errors = errorsOf(customerInput, { ...valid, name: 'a\u0000'.repeat(60) });
    expect(errors.name).toEqual([
      { code: 'maxLength', params: { max: '100' }, message: drfText('maxLength', { max: '100' }) },
    ]);
    expect(Object.keys(errorsOf(customerInput, 'not an object'))).toEqual(['non_field_errors']);
  });

  test('another schema’s own words are kept, without a code', () => {
    const tz = errorsOf(customerSearchQuery, { tz: 'Mars/Base' }).tz?.[0];
    expect(tz).toEqual({ code: null, params: {}, message: '"Mars/Base" is not a known time zone.' });
    const own = z
      .string()
      .refine(() => false, { error: 'Nope.' })
      .safeParse('x', { reportInput: true });
    expect(drfError(own.error?.issues[0] as z.core.$ZodIssue)).toEqual({ code: null, params: {}, message: 'Nope.' });
  });
});
