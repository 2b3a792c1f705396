import { z } from "zod";
import {
  AccountHistorySchema, AdminAccountSchema, AdminFileSchema, AdminPaymentSchema, ApprovedFileSchema, FilePreviewSchema, RunSummarySchema, TransactionSearchSchema,
} from "../model/admin";
import {
  AccountSchema, BalancesSchema, BeneficiarySchema, ErrorSchema, PayoutRequestSchema, PayoutSchema, TransactionSchema,
  TransferRequestSchema, TransferSchema,
} from "../model/contract";
import { ProfileSchema } from "../model/profile";
import { AuditEntrySchema } from "../model/audit";
import { TenantViewSchema } from "../model/tenant";
import type { Content, Route } from "./route";

/**
 * The contract and the admin API as OpenAPI 3.1, generated from the route table (router.ts)
 * and the zod schemas its handlers parse and answer with, so the description cannot drift
 * from what is served.
 */

/** The schemas named in components, as the published contract names them; any other body is written inline. */
const COMPONENTS = {
  Error: ErrorSchema,
  Account: AccountSchema,
  Balances: BalancesSchema,
  Beneficiary: BeneficiarySchema,
  Transaction: TransactionSchema,
  PayoutRequest: PayoutRequestSchema,
  TransferRequest: TransferRequestSchema,
  Payout: PayoutSchema,
  Transfer: TransferSchema,
  AdminPayment: AdminPaymentSchema,
  Profile: ProfileSchema,
  File: AdminFileSchema,
  AdminAccount: AdminAccountSchema,
  Run: RunSummarySchema,
  AccountHistory: AccountHistorySchema,
  TransactionSearch: TransactionSearchSchema,
  AuditEntry: AuditEntrySchema,
  ApprovedFile: ApprovedFileSchema,
  FilePreview: FilePreviewSchema,
  Tenant: TenantViewSchema,
} satisfies Record<string, z.ZodType>;

type JsonSchema = Record<string, unknown>;

/** The security scheme of each access that needs a key. */
const SECURITY = { connector: "connectorKey", admin: "adminKey", platform: "platformKey" } as const;

const COMPONENT_URI = "#/components/schemas/";
/** Ids of the bodies written inline, so that zod still writes references to the named schemas inside them. */
const INLINE = "inline-";

const documents = new WeakMap<readonly Route[], object>();

export function openApiDocument(routes: readonly Route[]): object {
  let document = documents.get(routes);
  if (!document) documents.set(routes, (document = build(routes)));
  return document;
}

function build(routes: readonly Route[]): object {
  const schemas = convert(routes);
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, schemas.inline);
  return {
    openapi: "3.1.0",
    info: {
      title: "statement-connector",
      version: "1",
      description: "Bank statement files served through the Formance Generic Connector contract, and the admin API that feeds it.",
    },
    paths,
    components: {
      securitySchemes: {
        [SECURITY.connector]: { type: "http", scheme: "bearer", description: "one of API_KEYS (key or name:key), or a tenant's connector key" },
        [SECURITY.admin]: { type: "http", scheme: "bearer", description: "one of ADMIN_API_KEYS (name:key) or ADMIN_API_KEY, or a tenant's admin key" },
        [SECURITY.platform]: { type: "http", scheme: "bearer", description: "one of PLATFORM_API_KEY" },
      },
      schemas: schemas.named,
    },
  };
}

function operation(route: Route, inline: Map<z.ZodType, JsonSchema>) {
  const content = (body: Content) =>
    body instanceof z.ZodType ? { "application/json": { schema: inline.get(body) ?? ref(body) } } : { [body.mediaType]: { schema: body.schema } };
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name, in: "path", required: true, ...(route.params?.[name!] ? { description: route.params[name!] } : {}), schema: { type: "string" },
  }));
  const query = (route.query ?? []).map((q) => ({ name: q.name, in: "query", required: false, description: q.description, schema: q.schema }));
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, r]) => [status, { description: r.description, ...(r.content ? { content: content(r.content) } : {}) }]),
  );
  return {
    summary: route.summary,
    ...(route.access === "public" ? {} : { security: [{ [SECURITY[route.access]]: [] }] }),
    ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
    // Every body a route reads is required: none of them means anything when empty.
    ...(route.request ? { requestBody: { required: true, content: content(route.request) } } : {}),
    responses: { ...responses, default: { description: "an error", content: content(ErrorSchema) } },
  };
}

function ref(schema: z.ZodType) {
  const name = Object.entries(COMPONENTS).find(([, named]) => named === schema)?.[0];
  if (!name) throw new Error("a JSON body that is neither named in COMPONENTS nor written inline");
  return { $ref: `${COMPONENT_URI}${name}` };
}

/**
 * The named schemas and the inline bodies, converted together so references between them hold.
 * A request body is described as zod reads it (its input), a response as zod writes it (its
 * output); a schema that is both must read as it writes, or the document could not say both.
 */
function convert(routes: readonly Route[]) {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id: name });
  const bodies = routes.flatMap((route) => [route.request, ...Object.values(route.responses).map((r) => r.content)]);
  const inlineBodies = [...new Set(bodies.filter((b): b is z.ZodType => b instanceof z.ZodType && !registry.has(b)))];
  inlineBodies.forEach((schema, i) => registry.add(schema, { id: `${INLINE}${i}` }));
  const requests = new Set(routes.map((route) => route.request));
  const responses = new Set(routes.flatMap((route) => Object.values(route.responses).map((r) => r.content)).concat(ErrorSchema));
  const [input, output] = (["input", "output"] as const).map((io) => z.toJSONSchema(registry, { io, uri: (id) => `${COMPONENT_URI}${id}`, unrepresentable: "any" }).schemas);
  const pick = (id: string, schema: z.ZodType): JsonSchema => {
    const read = clean(input![id]!);
    const written = clean(output![id]!);
    if (requests.has(schema) && responses.has(schema) && JSON.stringify(read) !== JSON.stringify(written)) {
      throw new Error(`${id} is read and written differently: name each of them`);
    }
    return requests.has(schema) ? read : written;
  };
  return {
    named: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, pick(name, schema)])),
    inline: new Map(inlineBodies.map((schema, i) => [schema, pick(`${INLINE}${i}`, schema)])),
  };
}

/** Without the dialect and id zod gives each schema of a registry: in a component they would only mislead. */
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...body } = schema;
  return body;
}
