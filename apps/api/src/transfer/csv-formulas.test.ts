import { describe, expect, test } from 'bun:test';
import Papa from 'papaparse';
import { FORMULA_CELL, unescapeFormulaCell } from './csv-formulas';

/** The rule on its own, for the cells no customer field can hold (the schema trims tabs and CRs). */
describe('CSV formula cells (OWASP CSV injection)', () => {
  const cells = ['=1+1', '+61 2 9999 0000', '-5', '@SUM(A1)', '\t=1', '\r=1', "'=1", "''+1", "'tis", 'plain', "'"];

  test('an exported cell that a spreadsheet would run gets a leading apostrophe and quotes', () => {
    const csv = Papa.unparse([cells], { escapeFormulae: FORMULA_CELL });
    expect(csv).toBe(`"'=1+1","'+61 2 9999 0000","'-5","'@SUM(A1)","'\t=1","'\r=1","''=1","'''+1",'tis,plain,'`);
  });

  test('import takes the apostrophe off again, giving back every value exactly', () => {
    const csv = Papa.unparse([cells], { escapeFormulae: FORMULA_CELL });
    const [row] = Papa.parse<string[]>(csv, { transform: unescapeFormulaCell }).data;
    expect(row).toEqual(cells);
  });
});
