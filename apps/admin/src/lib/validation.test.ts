import { customerInput, followUpInput } from '@crm/schema';
import { describe, expect, test } from 'vitest';
import { requiredFields, validateWith } from './validation';

describe('form validation with the shared schemas', () => {
  test('required fields are the ones the schema rejects absent or empty', () => {
    expect([...requiredFields(customerInput)].sort()).toEqual(
      ['customer_industry', 'customer_type', 'follow_up_status', 'lead_source', 'name', 'principal'].sort(),
    );
    expect([...requiredFields(followUpInput)].sort()).toEqual(['content', 'customer_id', 'principal', 'time', 'title']);
  });

  test('errors carry their codes: absent, blank and a bad choice each their own', () => {
    const result = validateWith(customerInput, { name: '  ', customer_type: 'Z' });
    expect(result.errors?.name).toEqual([{ code: 'blank', params: {}, message: 'This field may not be blank.' }]);
    expect(result.errors?.customer_type).toEqual([
      { code: 'invalidChoice', params: { value: 'Z' }, message: '"Z" is not a valid choice.' },
    ]);
    expect(result.errors?.principal).toEqual([{ code: 'required', params: {}, message: 'This field is required.' }]);
  });
});
