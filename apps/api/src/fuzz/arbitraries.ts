import {
  customerIndustries,
  customerTypes,
  followUpStatuses,
  formatTime,
  leadSources,
  optionalEmail,
} from '@crm/schema';
import fc from 'fast-check';

/**
 * fast-check arbitraries for the API's inputs, built from the schema package's choices and
 * limits. Valid values are generated to pass; what the server answers is then compared with
 * what the schemas say the value becomes (trimmed text, UTC times).
 */

/**
 * Any text but U+0000 (refused, see fields.ts), including non-BMP characters, control
 * characters and every kind of whitespace.
 */
const anyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0') },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\ufeff', '\u2028', '\u0085') },
  { weight: 2, arbitrary: fc.constantFrom("'", '"', '\\', '%', '_', ';', '--', '<', '>', '&', '`', '$') },
);
const anyText = (maxLength: number) => fc.array(anyChar, { maxLength }).map((chars) => chars.join(''));

/** Text that is 1..max characters after JavaScript's trim (what zod's `.trim()` does). */
export function requiredText(max: number) {
  return fc
    .tuple(
      anyText(3).map((s) => s.replace(/\S/g, ' ')),
      anyText(max),
      anyText(3).map((s) => s.replace(/\S/g, '\t')),
    )
    .map(([before, text, after]) => `${before}${text}${after}`)
    .filter((value) => {
      const trimmed = value.trim();
      return trimmed.length >= 1 && trimmed.length <= max;
    });
}

const optionalText = (max: number) =>
  fc.oneof(requiredText(max), fc.constant(''), fc.constant(null), fc.constant(undefined), fc.constant('   '));

const phone = fc
  .array(fc.constantFrom(...'0123456789 +-()'.split('')), { maxLength: 30 })
  .map((chars) => chars.join(''));

/** Emails the schema accepts (the schema is the judge of what a valid address is). */
const email = fc
  .oneof(fc.emailAddress(), fc.constant(''), fc.constant(null))
  .map((value) => (typeof value === 'string' ? ` ${value} ` : value))
  .filter((value) => optionalEmail().safeParse(value).success);

export const customerBody = fc.record(
  {
    name: requiredText(100),
    landline: fc.oneof(phone, fc.constant(null)),
    email,
    mobile_phone: fc.oneof(phone, fc.constant(null)),
    customer_type: fc.constantFrom(...customerTypes),
    company_details: optionalText(500),
    lead_source: fc.constantFrom(...leadSources),
    address: optionalText(500),
    customer_industry: fc.constantFrom(...customerIndustries),
    follow_up_status: fc.constantFrom(...followUpStatuses),
    principal: requiredText(100),
  },
  { requiredKeys: ['name', 'customer_type', 'lead_source', 'customer_industry', 'follow_up_status', 'principal'] },
);

/** A time in the forms API.md accepts: Z or an offset, optional seconds and fraction, padding. */
const timeInput = fc
  .record({
    // Years 0001–9999, all that the four-digit form can say (Date.UTC would read 1 as 1901).
    ms: fc.integer({ min: Date.parse('0001-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
    offsetMinutes: fc.integer({ min: -12 * 60, max: 14 * 60 }),
    zone: fc.constantFrom('Z', 'z', 'offset', 'offset-colon'),
    seconds: fc.boolean(),
    fraction: fc.constantFrom(0, 1, 3, 6),
    pad: fc.constantFrom('', ' ', '  ', '\t', '\n'),
  })
  .map(({ ms, offsetMinutes, zone, seconds, fraction, pad }) => {
    const offset = zone === 'Z' || zone === 'z' ? 0 : offsetMinutes;
    // Round to what the chosen form can express, so the expected instant is exact.
    const unit = !seconds ? 60_000 : fraction === 0 ? 1000 : fraction === 1 ? 100 : 1;
    const instant = Math.floor(ms / unit) * unit;
    const local = new Date(instant + offset * 60_000).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
    let text = local.slice(0, seconds ? 19 : 16);
    if (seconds && fraction > 0) text += `.${local.slice(20, 23).padEnd(fraction, '0').slice(0, fraction)}`;
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    text += zone === 'Z' || zone === 'z' ? zone : zone === 'offset' ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
    return { text: `${pad}${text}${pad}`, expected: formatTime(instant) };
  });

export const followUpBody = fc.record({
  title: requiredText(200),
  time: timeInput,
  principal: requiredText(100),
  content: requiredText(600),
  next_time: fc.oneof(timeInput, fc.constant(null), fc.constant(undefined)),
});

/** JSON values of every type, for fields that expect something else. */
export const wrongJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Field values the customer schema refuses: wrong types, too long, bad choices, bad formats. */
export const invalidCustomerField = fc.oneof(
  fc.record({
    field: fc.constantFrom('name', 'principal'),
    value: fc.oneof(wrongJson, fc.constant('  '), fc.constant('x'.repeat(101)), fc.constant('a\u0000b')),
  }),
  fc.record({
    field: fc.constantFrom('customer_type', 'lead_source', 'customer_industry', 'follow_up_status'),
    value: fc.oneof(
      wrongJson,
      fc.string({ maxLength: 20 }).filter((s) => !['A', 'B', 'C', 'D'].includes(s.trim())),
    ),
  }),
  fc.record({
    field: fc.constantFrom('landline', 'mobile_phone'),
    value: fc.oneof(
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => /[^0-9 +\-()\s]/.test(s)),
      fc.constant('1'.repeat(33)),
    ),
  }),
  fc.record({ field: fc.constant('email'), value: fc.constantFrom('no-at-sign', 'a@', '@b.c', 'a b@c.d', 7) }),
  fc.record({
    field: fc.constantFrom('company_details', 'address'),
    value: fc.constantFrom('y'.repeat(501), '\u0000', 'before\u0000after'),
  }),
);

/** Anything a client might put in a path segment where an id belongs, except a real small id. */
export const badPathId = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.constantFrom('-1', '0x10', '1e3', '1.5', '9999999999999999', '%00', '..', '%2e%2e', 'null', ' 1', '١٢٣'),
    fc.bigInt({ min: 10n ** 12n, max: 10n ** 30n }).map(String),
  )
  .map((value) => encodeURIComponent(value))
  .filter((value) => value !== '' && !/^\d{1,11}$/.test(value));

/** Text of every sort for a team route's string field: odd, huge, NUL, or JSON of another type. */
const oddText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: anyText(12) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '   ', 'a\u0000b', '\u0000', 'x'.repeat(151), 'y'.repeat(1025), 'z'.repeat(20_000)),
  },
  { weight: 1, arbitrary: wrongJson },
);

/** Usernames: Django's alphabet (valid), or anything (mostly refused). */
const username = fc.oneof(
  fc.stringMatching(/^[\w.@+-]{1,20}$/),
  fc.constantFrom('admin', 'Admin', ' admin ', 'jane doe', 'jäne', 'a/b', "o'neil", '..'),
  oddText,
);

/** Passwords: long enough, too short, equal to a username, or not strings at all. */
const password = fc.oneof(
  fc.string({ minLength: 10, maxLength: 30 }),
  fc.constantFrom('short', 'admin', 'ADMIN     ', '0123456789', ' '.repeat(10), 'p\u0000ssword-long'),
  oddText,
);

/** Roles and scopes: the real ones, other words, other types. */
export const roleValue = fc.oneof(
  fc.constantFrom('admin', 'manager', 'sales', 'viewer'),
  fc.constantFrom('root', 'Admin', ' admin', 'owner', ''),
  oddText,
);
export const scopeValue = fc.oneof(
  fc.constantFrom('read', 'write'),
  fc.constantFrom('admin', 'READ', 'write ', 'all', ''),
  oddText,
);

/** A body for one of the team routes: the fields it knows with any values, and unknown fields. */
const teamBody = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record(fields, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.record({ ...fields, is_superuser: fc.boolean(), id: oddText }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: wrongJson },
  );

export const userCreateBody = teamBody({
  username,
  role: roleValue,
  password: fc.oneof(password, fc.constant(undefined)),
  display_name: fc.oneof(requiredText(30), oddText),
});
export const userPatchBody = teamBody({
  role: roleValue,
  disabled: fc.oneof(fc.boolean(), wrongJson, fc.constantFrom('true', 'false', 0, 1)),
  display_name: fc.oneof(requiredText(30), oddText),
  password,
});
export const keyCreateBody = teamBody({ name: fc.oneof(requiredText(30), oddText), scope: scopeValue });
export const passwordChangeBody = (oldPassword: string) =>
  teamBody({ old_password: fc.oneof(fc.constant(oldPassword), password), new_password: password });

/** Ids in a path: `badPathId`, or digits that name nothing (negative, zero, huge). */
export const teamPathId = fc.oneof(
  badPathId,
  fc.constantFrom('0', '-1', '999999999', '999999999999999', '9999999999999999999999', '00001'),
);
