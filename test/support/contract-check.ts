/// <reference types="vite/client" />
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";
import { parse } from "yaml";
import { call, CONNECTOR_KEY } from "./worker";

/**
 * Checks responses against OpenAPI documents with a validator of its own (ajv), not the zod
 * schemas the Worker is built from: against the contract Formance publishes
 * (generic-openapi.yaml, kept beside the project; absent for users, then skipped) and against
 * the Worker's own /openapi.json.
 */

// ajv-formats is CommonJS: its function is the default export's default.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

// workerd has no file system: the YAML comes in bundled as text, and a missing file bundles nothing.
const found = import.meta.glob<string>("../../../shared/contract/generic-openapi.yaml", { query: "?raw", import: "default", eager: true });
const publishedText: string | undefined = Object.values(found)[0];

export type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: Record<string, unknown> };
interface Operation {
  responses: Record<string, ResponseObject>;
  [key: string]: unknown;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema: unknown }>;
}

/** Formance's generic-openapi.yaml, parsed; undefined where it is not beside the project. */
export const PUBLISHED: OpenApi | undefined = publishedText === undefined ? undefined : (parse(publishedText) as OpenApi);

/** A document's operations with their path pattern and the validators of their response bodies, compiled once. */
export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly paths: [RegExp, string][];

  constructor(
    readonly name: string,
    readonly document: OpenApi,
    /** Whether a path the document lacks is out of its scope (the published contract) or must be a 404 (our own). */
    private readonly complete: boolean,
  ) {
    this.ajv = ajvFor(document.openapi);
    this.ajv.addSchema({ paths: document.paths, components: document.components }, this.uri);
    // The Formance client puts ids into paths without percent-encoding them (CONNECTOR.md), so a
    // path parameter may span segments: `{accountId}` matches `50010517/5319125489`.
    this.paths = Object.keys(document.paths).map((template) => [
      new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, ".+")}$`),
      template,
    ]);
  }

  private get uri(): string {
    return `urn:contract:${this.name}`;
  }

  /**
   * The document's path template for a request path, if it has one: of several that match
   * (`/admin/files/{source}/{name}` and `/admin/files/{source}/{name}/approve`), the one that
   * spells most of the path itself.
   */
  template(path: string): string | undefined {
    const literal = (template: string) => template.replace(/\{\w+\}/g, "").length;
    const matching = this.paths.filter(([pattern]) => pattern.test(path)).map(([, template]) => template);
    return matching.sort((a, b) => literal(b) - literal(a))[0];
  }

  /** Fails the test, saying why, unless the document describes this response to this request. */
  check(method: string, path: string, status: number, headers: Headers, body: string): void {
    const where = `${this.name}: ${method} ${path} answered ${status}`;
    const template = this.template(path);
    if (!template) {
      if (this.complete) expect(status, `${where}, but the document has no such path`).toBe(404);
      return;
    }
    const item = this.document.paths[template]!;
    const operation = item[method.toLowerCase()];
    if (!operation) {
      if (!this.complete) return;
      expect(status, `${where}, but the document has no ${method} there`).toBe(405);
      const documented = Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch"].includes(k)).map((k) => k.toUpperCase());
      expect(headers.get("allow")?.split(", ").sort(), `${where}: Allow`).toEqual(documented.sort());
      return;
    }
    const key = String(status);
    const code = key in operation.responses ? key : `${key[0]}XX` in operation.responses ? `${key[0]}XX` : "default";
    const response = this.resolve(operation.responses[code]);
    expect(response, `${where}, a status the document does not list`).toBeDefined();
    const mediaType = (headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!response!.content) {
      expect(body, `${where} with a body the document does not describe`).toBe("");
      return;
    }
    expect(Object.keys(response!.content), `${where}: content type`).toContain(mediaType);
    if (mediaType !== "application/json") return;
    const validate = this.validator(response!.content[mediaType]!.schema);
    const value: unknown = JSON.parse(body);
    if (!validate(value)) {
      expect.fail(`${where} with a body the document does not allow: ${this.ajv.errorsText(validate.errors)}\n${body.slice(0, 2000)}`);
    }
  }

  /** A response object, or the one its `$ref` names (the published contract keeps them under components/responses). */
  private resolve(response: ResponseObject | undefined): ResponseObject | undefined {
    return response?.$ref ? readPointer<ResponseObject>(this.document, response.$ref) : response;
  }

  /** A validator of a response schema, its `#/components/...` references read in the whole document. */
  private validator(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) this.validators.set(key, (validate = this.ajv.compile(inDocument(schema, this.uri) as object)));
    return validate;
  }
}

/** An ajv for the schemas of an OpenAPI version: 3.1's are JSON Schema 2020-12, 3.0's a draft-04/07 dialect with `nullable`, which ajv knows. */
export function ajvFor(openapi: string): Ajv {
  const ajv = openapi.startsWith("3.1") ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** What a local JSON pointer (`#/components/schemas/Account`) names in a document. */
export function readPointer<T>(document: object, pointer: string): T {
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], document) as T;
}

/** A schema taken out of a document, its local references made to point into the document. */
function inDocument(schema: unknown, uri: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inDocument(item, uri));
  if (typeof schema !== "object" || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${uri}${value}` : inDocument(value, uri)]),
  );
}

/** The checkers for this run: our own document always, the published contract where it is present. */
export async function contractCheckers(): Promise<ContractChecker[]> {
  const served = (await (await call("/openapi.json", { key: null })).json()) as OpenApi;
  const checkers = [new ContractChecker("/openapi.json", served, true)];
  if (PUBLISHED) checkers.push(new ContractChecker("generic-openapi.yaml", PUBLISHED, false));
  return checkers;
}

/**
 * `call` and `getJson` (test/support/worker) whose every response is checked against the
 * documents before the test sees it.
 */
export function checkedCalls(checkers: () => ContractChecker[]) {
  async function checkedCall(path: string, init: Parameters<typeof call>[1] = {}): Promise<Response> {
    const response = await call(path, init);
    const body = await response.text();
    const method = (init.method ?? "GET").toUpperCase();
    const pathname = new URL(path, "https://connector.test").pathname;
    for (const checker of checkers()) checker.check(method, pathname, response.status, response.headers, body);
    return new Response(body === "" ? null : body, response);
  }
  async function checkedGetJson<T = unknown>(path: string, key: string | null = CONNECTOR_KEY): Promise<T> {
    const response = await checkedCall(path, { key });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  return { call: checkedCall, getJson: checkedGetJson };
}
