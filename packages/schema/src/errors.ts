import type * as z from 'zod';

/**
 * The one mapping from zod issues to Django REST Framework's validation errors. Each error has
 * a stable code (what a translation is keyed by), DRF's English words as its default text, and
 * the parameters the words need. The schemas' error maps (fields.ts) produce their messages
 * here, the API sends the text, and the admin translates the code.
 *
 * `{name}` in a message stands for a parameter, as in vue-i18n's messages.
 */
export const drfMessages = {
  required: 'This field is required.',
  null: 'This field may not be null.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  nullCharacter: 'Null characters are not allowed.',
  notInteger: 'A valid integer is required.',
  email: 'Enter a valid email address.',
  phone: 'Enter a valid phone number: digits, spaces and + - ( ) only.',
  datetime:
    'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  maxLength: 'Ensure this field has no more than {max} characters.',
  invalidChoice: '"{value}" is not a valid choice.',
} as const;

export type DrfCode = keyof typeof drfMessages;

/** One validation error, as DRF's `ErrorDetail` carries it: the text and its code. */
export interface DrfErrorDetail {
  /** null: not one of ours (a server-side check, another schema's own words): show the message as it is. */
  code: DrfCode | null;
  message: string;
  params: Record<string, string>;
}

/** A zod issue as an error map receives it (raw, with its input) or as a parse result lists it. */
export type ZodIssueLike = z.core.$ZodRawIssue | z.core.$ZodIssue;

const isCode = (value: unknown): value is DrfCode => typeof value === 'string' && Object.hasOwn(drfMessages, value);

/** DRF's English words for a code, its parameters filled in. */
export function drfText(code: DrfCode, params: Record<string, string> = {}): string {
  return drfMessages[code].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/**
 * Which DRF error an issue is. Built-in checks are read from the issue's shape; the checks
 * zod cannot describe (a phone number, an email, a time, a NUL) name their code in `params`
 * (see `drfCheck`). Absent, null and wrong-type values are told apart by the input, which an
 * issue keeps only in an error map or when parsed with `{ reportInput: true }`: without it,
 * those issues have no code and keep the text their schema gave them.
 */
function classify(issue: ZodIssueLike): { code: DrfCode; params: Record<string, string> } | null {
  const knowsInput = 'input' in issue;
  const input = issue.input;
  const typeLevel = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (typeLevel && !knowsInput) return null;
  if (typeLevel && input === undefined) return { code: 'required', params: {} };
  if (typeLevel && input === null) return { code: 'null', params: {} };
  switch (issue.code) {
    case 'custom': {
      const { code, ...rest } = issue.params ?? {};
      if (!isCode(code)) return null;
      return { code, params: Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, String(value)])) };
    }
    case 'invalid_type':
      if (issue.expected === 'string') return { code: 'notString', params: {} };
      if (issue.expected === 'number' || issue.expected === 'int') return { code: 'notInteger', params: {} };
      return null;
    case 'invalid_value':
      return { code: 'invalidChoice', params: { value: String(input) } };
    // The schemas' one union is the id (a digit string or a JSON integer).
    case 'invalid_union':
      return { code: 'notInteger', params: {} };
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { code: 'blank', params: {} };
      // Numbers are ids, which DRF's IntegerField answers in one sentence.
      if (issue.origin === 'number') return { code: 'notInteger', params: {} };
      return null;
    case 'too_big':
      if (issue.origin === 'string') return { code: 'maxLength', params: { max: String(issue.maximum) } };
      if (issue.origin === 'number') return { code: 'notInteger', params: {} };
      return null;
    default:
      return null;
  }
}

/**
 * The DRF error for one zod issue. An issue that already has a message (a parse result's)
 * keeps it: that is the text its schema chose, DRF's for the schemas in this package.
 */
export function drfError(issue: ZodIssueLike): DrfErrorDetail {
  const known = classify(issue);
  const message = issue.message ?? (known ? drfText(known.code, known.params) : 'Invalid input.');
  return known ? { code: known.code, message, params: known.params } : { code: null, message, params: {} };
}

/** A zod error map (`{ error: drfMessage }`) that answers in DRF's words. */
export const drfMessage = (issue: ZodIssueLike): string => drfError(issue).message;

/** Options for `.refine()`: a failure is DRF's error `code`. */
export const drfCheck = (code: DrfCode) => ({ params: { code }, error: drfMessage });

/**
 * DRF's field-error body: `{"field": [error]}`, `non_field_errors` for the object as a whole.
 * One error per field, as DRF stops at a field's first failed validator: the first failure is
 * the one worth fixing first.
 */
export function drfFieldErrors(issues: readonly ZodIssueLike[]): Record<string, DrfErrorDetail[]> {
  const body: Record<string, DrfErrorDetail[]> = {};
  for (const issue of issues) {
    const key = issue.path && issue.path.length > 0 ? String(issue.path[0]) : 'non_field_errors';
    body[key] ??= [drfError(issue)];
  }
  return body;
}
