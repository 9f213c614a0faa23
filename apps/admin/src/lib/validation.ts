import { messages } from '@crm/schema';
import { useI18n } from 'vue-i18n';
import type * as z from 'zod';
import type { ValidationKey } from '@/locales/en';

export type FieldErrors = Record<string, string[]>;

/**
 * Runs the shared zod schema (the very one the server validates with) and returns DRF-shaped
 * field errors, so client and server errors are shown the same way.
 */
export function validateWith<T extends z.ZodType>(
  schema: T,
  values: unknown,
): { data: z.output<T>; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'non_field_errors');
    errors[field] ??= [];
    errors[field].push(issue.message);
  }
  return { data: null, errors };
}

const exact: [string, ValidationKey][] = [
  [messages.required, 'required'],
  [messages.blank, 'blank'],
  [messages.notString, 'notString'],
  [messages.notInteger, 'notInteger'],
  [messages.email, 'email'],
  [messages.phone, 'phone'],
  [messages.datetime, 'datetime'],
];
const maxLengthPattern = /^Ensure this field has no more than (\d+) characters\.$/;
const invalidChoicePattern = /^"(.*)" is not a valid choice\.$/;

/**
 * The schema's messages are English (DRF's words, from server and client alike); a locale with
 * a `validation` block shows its own words for the ones it knows.
 */
export function useErrorText() {
  const { t, te } = useI18n();
  return (message: string): string => {
    const translate = (key: ValidationKey, values: Record<string, string> = {}) =>
      te(`validation.${key}`) ? t(`validation.${key}`, values) : message;
    const known = exact.find(([text]) => text === message);
    if (known) return translate(known[1]);
    const max = maxLengthPattern.exec(message);
    if (max?.[1]) return translate('maxLength', { max: max[1] });
    const choice = invalidChoicePattern.exec(message);
    if (choice?.[1] !== undefined) return translate('invalidChoice', { value: choice[1] });
    return message;
  };
}
