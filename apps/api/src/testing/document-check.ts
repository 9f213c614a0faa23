import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Every answer the HTTP suites receive is checked against the OpenAPI document the server
 * serves: its route must be documented with that status, and a JSON body must match the schema
 * documented for it. So a drift between the code and the document fails the test that sees it,
 * on Bun and on Workers alike. The (route, status) pairs seen are appended to a coverage file that
 * `bun scripts/route-coverage.ts` compares with the document.
 */

type Json = Record<string, unknown>;
export interface Operation {
  responses: Record<string, Json>;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, unknown> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, Json> };
}

/** Where the suites record the (route, status) pairs they saw, one file per runtime. */
export const coverageFile = (target: string) =>
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.route-coverage', `${target}.jsonl`);

class DocumentMismatch extends Error {}

interface Template {
  path: string;
  pattern: RegExp;
  item: Record<string, Operation>;
}

export class DocumentCheck {
  readonly #ajv: Ajv2020;
  readonly #templates: Template[];
  readonly #seen = new Set<string>();

  private constructor(
    readonly document: OpenApiDocument,
    private readonly coverage: string | null,
  ) {
    // The document as one schema resource, so `#/components/...` references resolve inside it.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema(document, 'openapi.json');
    this.#templates = Object.entries(document.paths).map(([path, item]) => ({
      path,
      // Both with and without the trailing slash, as the server answers.
      pattern: new RegExp(`^${path.replace(/\/$/, '').replace(/\{\w+\}/g, '[^/]+')}/?$`),
      item,
    }));
  }

  /** Reads the server's own document (`GET /api/openapi.json`, public). */
  static async load(base: string, coverage: string | null): Promise<DocumentCheck> {
    const res = await fetch(`${base}/api/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    if (coverage) mkdirSync(dirname(coverage), { recursive: true });
    return new DocumentCheck((await res.json()) as OpenApiDocument, coverage);
  }

  /** The documented path an URL is an instance of, if any. */
  templateOf(url: string): Template | undefined {
    return this.templatesOf(url)[0];
  }

  /**
   * Every documented path an URL is an instance of, in the document's order:
   * `/customers/update/` is also an instance of `/customers/{id}/`.
   */
  templatesOf(url: string): Template[] {
    const path = new URL(url, 'http://x').pathname;
    return this.#templates.filter((template) => template.pattern.test(path));
  }

  #validator(pointer: string): ValidateFunction {
    const validate = this.#ajv.getSchema(`openapi.json#${pointer}`);
    if (!validate) throw new DocumentMismatch(`no schema at ${pointer}`);
    return validate;
  }

  /** Checks an answer; reads a clone, so the caller still has the body. */
  async check(method: string, url: string, res: Response): Promise<void> {
    const template = this.templateOf(url);
    // Outside the API (the admin's pages) or no route at all: the app's 401/404 in DRF's shape.
    if (!template) {
      if (!new URL(url, 'http://x').pathname.startsWith('/api')) return;
      return this.#checkBody(`${method} ${url}`, res, '/components/schemas/Detail', [401, 404].includes(res.status));
    }
    const verb = method.toLowerCase();
    const operation = template.item[verb];
    const label = `${method} ${template.path} → ${res.status}`;
    if (!operation) {
      // A documented path with another method: 405 (or 401 first, without a key). The document
      // gives that 405 on each operation of the path, so the answer covers each of them.
      if (res.status === 405) {
        for (const other of Object.keys(template.item)) this.#record(`${other} ${template.path} 405`);
      }
      const pointer = `/components/responses/${res.status === 401 ? 'Unauthorized' : 'MethodNotAllowed'}`;
      return this.#checkShared(label, res, pointer, res.status === 405 || res.status === 401);
    }
    this.#record(`${verb} ${template.path} ${res.status}`);
    const response = operation.responses[String(res.status)];
    if (!response) {
      throw new DocumentMismatch(
        `${label}: this status is not documented (documented: ${Object.keys(operation.responses).join(', ')})`,
      );
    }
    const path = ['/paths', pointerSegment(template.path), verb, 'responses', String(res.status)].join('/');
    const ref = typeof response.$ref === 'string' ? response.$ref.slice(1) : null;
    return this.#checkShared(label, res, ref ?? path, true);
  }

  async #checkShared(label: string, res: Response, responsePointer: string, statusOk: boolean) {
    const response = this.#ajv.getSchema(`openapi.json#${responsePointer}`)?.schema as Json | undefined;
    const content = response?.content as Record<string, unknown> | undefined;
    const type = res.headers.get('content-type') ?? '';
    if (!statusOk) throw new DocumentMismatch(`${label}: not a documented answer`);
    if (!content) {
      // Documented without a body (204, the seed's empty 200 on delete).
      const text = await res.clone().text();
      if (text !== '') throw new DocumentMismatch(`${label}: documented without a body, got ${text.slice(0, 200)}`);
      return;
    }
    if (type.includes('json') && 'application/json' in content) {
      return this.#checkBody(label, res, `${responsePointer}/content/application~1json/schema`, true);
    }
    const media = type.split(';')[0]?.trim() ?? '';
    if (!(media in content)) {
      throw new DocumentMismatch(
        `${label}: answered ${media || 'no content type'}, documented ${Object.keys(content)}`,
      );
    }
  }

  async #checkBody(label: string, res: Response, schemaPointer: string, statusOk: boolean) {
    if (!statusOk) throw new DocumentMismatch(`${label}: not a documented answer`);
    const text = await res.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new DocumentMismatch(`${label}: documented as JSON, got ${text.slice(0, 200)}`);
    }
    const validate = this.#validator(schemaPointer);
    if (!validate(body)) {
      throw new DocumentMismatch(
        `${label}: the body does not match the document: ${this.#ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
      );
    }
  }

  #record(pair: string) {
    if (this.#seen.has(pair)) return;
    this.#seen.add(pair);
    if (this.coverage) appendFileSync(this.coverage, `${JSON.stringify(pair)}\n`);
  }
}

/** A JSON pointer segment: `/` and `~` escaped. */
const pointerSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
