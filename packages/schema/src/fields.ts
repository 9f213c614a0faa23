import * as z from 'zod';
import { parseTime } from './time';

/**
 * Field builders that speak Django REST Framework's words, so a DRF client reading a 400 sees
 * the messages it knows, and the admin, validating with the same schemas, shows the same text.
 */
export const messages = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  null: 'This field may not be null.',
  notString: 'Not a valid string.',
  nullCharacter: 'Null characters are not allowed.',
  notInteger: 'A valid integer is required.',
  email: 'Enter a valid email address.',
  phone: 'Enter a valid phone number: digits, spaces and + - ( ) only.',
  datetime:
    'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  invalidChoice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
} as const;

/** For a query parameter: an empty or blank value means the parameter is absent. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** DRF's message for a value of the wrong type: absent, null and other types each have their own. */
const typeError = (otherwise: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? messages.required : issue.input === null ? messages.null : otherwise;
const stringError = typeError(messages.notString);

/**
 * DRF's CharField refuses U+0000, and so must we: SQLite drivers bind text as C strings, so a
 * NUL would silently cut the stored value short (found by the API's fuzz tests).
 */
export const noNullCharacter = (value: string) => !value.includes('\u0000');

/** A required string, trimmed, 1..max characters. */
export function requiredText(max: number) {
  return z
    .string({ error: stringError })
    .trim()
    .min(1, { error: messages.blank })
    .max(max, { error: messages.maxLength(max) })
    .refine(noNullCharacter, { error: messages.nullCharacter });
}

/** An optional string, trimmed; absent or null becomes "". */
export function optionalText(max: number) {
  return z
    .string({ error: stringError })
    .trim()
    .max(max, { error: messages.maxLength(max) })
    .refine(noNullCharacter, { error: messages.nullCharacter })
    .nullish()
    .transform((value) => value ?? '');
}

export function optionalPhone() {
  return z
    .string({ error: stringError })
    .trim()
    .max(32, { error: messages.maxLength(32) })
    .regex(/^[0-9 +\-()]*$/, { error: messages.phone })
    .nullish()
    .transform((value) => value ?? '');
}

/** Built once: a zod schema per validation cost a fifth of a customer write's JavaScript. */
const emailFormat = z.email();

export function optionalEmail() {
  return z
    .string({ error: stringError })
    .trim()
    .max(254, { error: messages.maxLength(254) })
    .refine((value) => value === '' || emailFormat.safeParse(value).success, {
      error: messages.email,
    })
    .nullish()
    .transform((value) => value ?? '');
}

/** One of a fixed list, answered in DRF's words: `"Z" is not a valid choice.` */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => typeError(messages.invalidChoice(issue.input))(issue),
  });
}

/** A database id: a digit string or a JSON integer (the seed sends strings). */
export function idField() {
  return z
    .union(
      [
        // Each check names its message: zod reports a union member's own issue when only that
        // member has the input's type, so the union's error below would not be used.
        z
          .string()
          .trim()
          .regex(/^\d{1,15}$/, { error: messages.notInteger }),
        z
          .number()
          .int({ error: messages.notInteger })
          .nonnegative({ error: messages.notInteger })
          .max(Number.MAX_SAFE_INTEGER, { error: messages.notInteger }),
      ],
      {
        error: typeError(messages.notInteger),
      },
    )
    .transform((value) => Number(value));
}

/** A required ISO 8601 time (Z or an offset, whitespace tolerated) → epoch milliseconds. */
export function requiredTime() {
  return z.string({ error: stringError }).transform((value, ctx) => {
    const ms = parseTime(value);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: messages.datetime });
      return z.NEVER;
    }
    return ms;
  });
}

/** An optional time: `""`, null or absent mean "none". */
export function optionalTime() {
  return z
    .string({ error: stringError })
    .nullish()
    .transform((value, ctx) => {
      if (value == null || value.trim() === '') return null;
      const ms = parseTime(value);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: messages.datetime });
        return z.NEVER;
      }
      return ms;
    });
}
