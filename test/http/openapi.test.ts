import oas31 from "@seriousme/openapi-schema-validator/schemas/v3.1/schema.json";
import { beforeAll, describe, expect, it } from "vitest";
import { routePattern } from "../../src/http/route";
import { ROUTES } from "../../src/http/router";
import { ErrorSchema } from "../../src/model/contract";
import { ajvFor, ContractChecker, type OpenApi, PUBLISHED, readPointer } from "../support/contract-check";
import { samplePath } from "../support/routes";
import { ADMIN_KEY, call, CONNECTOR_KEY } from "../support/worker";

type Schema = { $ref?: string; type?: string; items?: Schema; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown };
type Operation = {
  summary: string;
  security?: Record<string, string[]>[];
  parameters?: ({ name: string; in: string; schema: { enum?: string[] } } | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
};
type Document = OpenApi & { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

let doc: Document;
beforeAll(async () => {
  const response = await call("/openapi.json", { key: null });
  expect(response.status).toBe(200);
  doc = (await response.json()) as Document;
});

/** A schema with its reference followed, and an array's items in place of the array. */
function shape(document: object, schema: Schema): Schema {
  const resolved = schema.$ref ? readPointer<Schema>(document, schema.$ref) : schema;
  return resolved.type === "array" && resolved.items ? shape(document, resolved.items) : resolved;
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document by the specification's own schema, and every reference in it resolves", () => {
    const ajv = ajvFor(doc.openapi);
    // A format of the 3.1 schema's own (a media type range) that ajv-formats does not define.
    ajv.addFormat("media-range", true);
    const validate = ajv.compile(oas31);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    const refs = new Set(JSON.stringify(doc).match(/"\$ref":"[^"]+"/g)!.map((r) => r.slice(8, -1)));
    expect(refs.size).toBeGreaterThan(10);
    for (const ref of refs) expect(readPointer(doc, ref), ref).toBeDefined();
  });

  it("describes exactly the routes of the table, each under its access", () => {
    const described = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const operation = doc.paths[route.path]![route.method.toLowerCase()]!;
      expect(operation.summary).toBe(route.summary);
      const scheme = { connector: [{ connectorKey: [] }], admin: [{ adminKey: [] }], platform: [{ platformKey: [] }], public: undefined }[route.access];
      expect(operation.security, `${route.method} ${route.path}`).toEqual(scheme);
    }
  });

  it("says a payment request body is required and refuses fields it does not know, as the handler does", () => {
    for (const [path, name] of [["/payouts", "PayoutRequest"], ["/transfers", "TransferRequest"]] as const) {
      const body = doc.paths[path]!.post!.requestBody!;
      expect(body.required).toBe(true);
      expect(body.content["application/json"]!.schema).toEqual({ $ref: `#/components/schemas/${name}` });
      expect(doc.components.schemas[name]!.additionalProperties).toBe(false);
    }
    for (const name of ["Payout", "Transfer"]) {
      expect(Object.keys(doc.components.schemas[name]!.properties!)).toContain("updatedAt");
      expect(doc.components.schemas[name]!.required).not.toContain("updatedAt");
    }
  });

  it("keeps the contract's required fields and the admin schemas' fields", () => {
    const { schemas } = doc.components;
    expect(schemas.Transaction!.required!.sort()).toEqual(["amount", "createdAt", "currency", "id", "status", "type", "updatedAt"]);
    expect(schemas.Account!.required!.sort()).toEqual(["accountName", "createdAt", "id"]);
    expect(schemas.Error!.required!.sort()).toEqual(["Detail", "Title"]);
    expect(Object.keys(schemas.Profile!.properties!)).toContain("columns");
    expect(schemas.Payout!.required!.sort()).toEqual(["amount", "createdAt", "currency", "destinationAccountId", "id", "idempotencyKey", "sourceAccountId", "status"]);
    expect(Object.keys(schemas.AdminPayment!.properties!)).toEqual([
      "id", "type", "status", "idempotencyKey", "endToEndId", "amount", "decimal", "currency", "sourceAccountId", "destinationId",
      "description", "createdAt", "file", "transactionId", "failureReason",
    ]);
  });

  it.skipIf(!PUBLISHED)("serves every operation of the published contract with its parameters, bodies and fields", () => {
    const published = PUBLISHED as Document;
    for (const [path, item] of Object.entries(published.paths)) {
      for (const [method, theirs] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        const ours = doc.paths[path]?.[method];
        expect(ours, where).toBeDefined();
        const names = (op: Operation, document: object) => (op.parameters ?? []).map((p) => ("$ref" in p ? readPointer<{ name: string }>(document, p.$ref) : p).name);
        expect(names(ours!, doc), where).toEqual(expect.arrayContaining(names(theirs, published)));
        if (theirs.requestBody) {
          expect(ours!.requestBody?.required, `${where}: body required`).toBe(theirs.requestBody.required);
          const [mine, contract] = [shape(doc, ours!.requestBody!.content["application/json"]!.schema), shape(published, theirs.requestBody.content["application/json"]!.schema)];
          expect(Object.keys(mine.properties!).sort(), `${where}: request fields`).toEqual(Object.keys(contract.properties!).sort());
          expect(mine.required!.sort(), `${where}: required request fields`).toEqual(contract.required!.sort());
        }
        for (const [status, response] of Object.entries(theirs.responses)) {
          const resolved = response.$ref ? readPointer<typeof response>(published, response.$ref) : response;
          const contract = shape(published, resolved.content!["application/json"]!.schema);
          const mine = shape(doc, ours!.responses[status]!.content!["application/json"]!.schema);
          // We may send less than the contract allows, never a field it does not know; and at least what it requires.
          expect(Object.keys(contract.properties!), `${where} ${status}: fields`).toEqual(expect.arrayContaining(Object.keys(mine.properties!)));
          expect(mine.required, `${where} ${status}: required fields`).toEqual(expect.arrayContaining(contract.required!));
        }
      }
    }
  });
});

describe("the route table", () => {
  it("gives each route a pattern with a named group for each parameter of its path, which matches the path", () => {
    for (const route of ROUTES) {
      const pattern = routePattern(route);
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      const match = pattern.exec(samplePath(route.path));
      expect(match, route.path).not.toBeNull();
      expect(Object.keys(match!.groups ?? {}).sort(), route.path).toEqual(params.sort());
    }
  });

  it("answers a method it does not list with 405 and exactly the table's methods in Allow", async () => {
    const paths = [...new Set(ROUTES.map((r) => r.path))];
    for (const path of paths) {
      const response = await call(samplePath(path), { method: "PATCH", key: ADMIN_KEY });
      expect(response.status, path).toBe(405);
      const methods = ROUTES.filter((r) => r.path === path).map((r) => r.method);
      expect(response.headers.get("allow")?.split(", ").sort(), path).toEqual(methods.sort());
      ErrorSchema.parse(await response.json());
    }
  });

  it("asks each route for the key its access names, and none for public routes", async () => {
    for (const route of ROUTES) {
      const response = await call(samplePath(route.path), { method: route.method, key: null });
      if (route.access === "public") expect(response.status, route.path).not.toBe(401);
      else expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("hands the balances route everything between /accounts/ and the last /balances, percent-decoded", async () => {
    // Formance's client puts an account id into the path as it is (CONNECTOR.md): a BLZ/account id spans two segments.
    for (const [path, id] of [
      ["/accounts/50010517/5319125489/balances", "50010517/5319125489"],
      ["/accounts/50010517%2F5319125489/balances", "50010517/5319125489"],
      ["/accounts/a/balances/balances", "a/balances"],
      ["/accounts/%C3%A9t%C3%A9%20x/balances", "été x"],
    ]) {
      const response = await call(path!);
      expect(response.status, path).toBe(404);
      expect(ErrorSchema.parse(await response.json()).Detail, path).toBe(`No account "${id}" is served here.`);
    }
    expect((await call("/accounts/a/b/balances", { method: "POST" })).headers.get("allow")).toBe("GET");
  });

  it("accepts every query value the document lists for a list", async () => {
    for (const path of ["/accounts", "/beneficiaries", "/transactions"]) {
      const parameters = doc.paths[path]!.get!.parameters as { name: string; schema: { enum?: string[]; maximum?: number } }[];
      const queries = [
        ...parameters.find((p) => p.name === "sort")!.schema.enum!.map((sort) => `sort=${sort}`),
        ...parameters.filter((p) => p.name.endsWith("From")).map((p) => `${p.name}=2026-01-01T00:00:00Z`),
        `pageSize=${parameters.find((p) => p.name === "pageSize")!.schema.maximum}`,
      ];
      for (const query of queries) expect((await call(`${path}?${query}`, { key: CONNECTOR_KEY })).status, `${path}?${query}`).toBe(200);
    }
  });
});

describe("the contract checker", () => {
  // The contract tests rely on it: it must refuse what the contract does not allow.
  it.each([
    ["a transaction type outside the contract", [{ id: "t", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", currency: "EUR/2", type: "FEE", status: "SUCCEEDED", amount: "1" }]],
    ["an account without createdAt", [{ id: "a", accountName: "a" }]],
    ["metadata that is not text", [{ id: "a", accountName: "a", createdAt: "2026-01-01T00:00:00Z", metadata: { n: 1 } }]],
    ["an envelope instead of a bare array", { data: [] }],
  ])("refuses %s", (_what, body) => {
    const path = JSON.stringify(body).includes("FEE") ? "/transactions" : "/accounts";
    const json = new Headers({ "content-type": "application/json" });
    const documents = [doc, ...(PUBLISHED ? [PUBLISHED] : [])];
    for (const document of documents) {
      const checker = new ContractChecker("document", document, true);
      expect(() => checker.check("GET", path, 200, json, JSON.stringify(body))).toThrow(/does not allow/);
    }
  });
});
