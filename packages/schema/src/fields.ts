import * as z from 'zod';
import { drfCheck, drfMessage, drfText } from './errors';
import { parseTime } from './time';

/**
 * Field builders that speak Django REST Framework's words, so a DRF client reading a 400 sees
 * the messages it knows, and the admin, validating with the same schemas, shows the same errors
 * (translated by their codes). Every check answers through the one mapping in errors.ts.
 */

/** For a query parameter: an empty or blank value means the parameter is absent. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Every built-in check of these builders answers through the DRF mapping. */
const drf = { error: drfMessage };

/**
 * DRF's CharField refuses U+0000, and so must we: SQLite drivers bind text as C strings, so a
 * NUL would silently cut the stored value short (found by the API's fuzz tests).
 */
export const noNullCharacter = (value: string) => !value.includes('\u0000');

/** A required string, trimmed, 1..max characters. */
export function requiredText(max: number) {
  return z.string(drf).trim().min(1, drf).max(max, drf).refine(noNullCharacter, drfCheck('nullCharacter'));
}

/** An optional string, trimmed; absent or null becomes "". */
export function optionalText(max: number) {
  return z
    .string(drf)
    .trim()
    .max(max, drf)
    .refine(noNullCharacter, drfCheck('nullCharacter'))
    .nullish()
    .transform((value) => value ?? '');
}

const phonePattern = /^[0-9 +\-()]*$/;

/** A refinement rather than `.regex()`, so the failure has its own code; the pattern stays in the JSON Schema. */
export function optionalPhone() {
  return z
    .string(drf)
    .trim()
    .max(32, drf)
    .refine((value) => phonePattern.test(value), drfCheck('phone'))
    .meta({ pattern: phonePattern.source })
    .nullish()
    .transform((value) => value ?? '');
}

/** Built once: a zod schema per validation cost a fifth of a customer write's JavaScript. */
const emailFormat = z.email();

export function optionalEmail() {
  return z
    .string(drf)
    .trim()
    .max(254, drf)
    .refine((value) => value === '' || emailFormat.safeParse(value).success, drfCheck('email'))
    .nullish()
    .transform((value) => value ?? '');
}

/** One of a fixed list, answered in DRF's words: `"Z" is not a valid choice.` */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, drf);
}

const idPattern = /^\d{1,15}$/;

/** A database id: a digit string or a JSON integer (the seed sends strings). */
export function idField() {
  return z
    .union(
      [
        // Each check answers itself: zod reports a union member's own issue when only that
        // member has the input's type, so the union's error would not be used.
        z
          .string()
          .trim()
          .refine((value) => idPattern.test(value), drfCheck('notInteger'))
          .meta({ pattern: idPattern.source }),
        z.number().int(drf).nonnegative(drf).max(Number.MAX_SAFE_INTEGER, drf),
      ],
      drf,
    )
    .transform((value) => Number(value));
}

/** A transform's own issue names its code and words, as no error map reads it (fresh each time: zod writes into it). */
const badTime = () => ({ code: 'custom' as const, params: { code: 'datetime' }, message: drfText('datetime') });

/** A required ISO 8601 time (Z or an offset, whitespace tolerated) → epoch milliseconds. */
export function requiredTime() {
  return z.string(drf).transform((value, ctx) => {
    const ms = parseTime(value);
    if (ms === null) {
      ctx.addIssue(badTime());
      return z.NEVER;
    }
    return ms;
  });
}

/** An optional time: `""`, null or absent mean "none". */
export function optionalTime() {
  return z
    .string(drf)
    .nullish()
    .transform((value, ctx) => {
      if (value == null || value.trim() === '') return null;
      const ms = parseTime(value);
      if (ms === null) {
        ctx.addIssue(badTime());
        return z.NEVER;
      }
      return ms;
    });
}
