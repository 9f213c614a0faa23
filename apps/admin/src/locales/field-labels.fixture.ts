/**
 * The English field labels issue 3 asks for, word for word and in form order: the expectation
 * the locale, form and browser tests share (test-only; the app reads its labels from en.ts).
 */
export const expectedEnglishFieldLabels = [
  'Name',
  'Landline',
  'Email',
  'Mobile phone',
  'Customer type',
  'Company details',
  'Lead source',
  'Address',
  'Customer industry',
  'Follow-up status',
  'Principal',
];
