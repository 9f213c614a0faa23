/**
 * CSV injection (OWASP): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return as a formula (`=HYPERLINK(…)`, DDE). Exports put a `'` before such a cell
 * and quote it, as OWASP recommends (Papa Parse's `escapeFormulae` does both, given this
 * pattern); imports take the `'` off again, so an exported file imports to the same values:
 * a phone `+61 2 9999 0000` and a `-5` come back as they were.
 *
 * The pattern also matches such a cell behind apostrophes of its own (`'=x`, stored as typed):
 * it is exported with one more (`''=x`), so taking one off on import is exact for every value.
 * A cell with an apostrophe before anything else (`'tis`) is left alone both ways.
 */
export const FORMULA_CELL = /^'*[=+\-@\t\r]/;

/** The import's half: one leading `'` off a cell the export escaped. */
export const unescapeFormulaCell = (value: string): string =>
  value.startsWith("'") && FORMULA_CELL.test(value) ? value.slice(1) : value;
