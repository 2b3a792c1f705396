import { z } from "zod";

/**
 * Tenants: one deployment serving several isolated sets of books (one per Formance stack or per
 * legal entity). Each has its own keys and its own folder of the bucket; the default tenant is
 * the one the deployment's own secrets (API_KEYS, ADMIN_API_KEYS, ADMIN_API_KEY) open.
 */

/** The default tenant's id: reserved, never a tenant's created through the platform API. */
export const DEFAULT_TENANT_ID = "default";

/** Lower-case letters, digits and inner dashes: part of a storage key and of a URL path. */
export const TenantIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "an id is 1 to 40 lower-case letters, digits and inner dashes")
  .refine((id) => id !== DEFAULT_TENANT_ID, `"${DEFAULT_TENANT_ID}" is the deployment's own tenant`);

/** A key's name, as a named key of ADMIN_API_KEYS goes by (src/http/auth.ts): who acted, in the audit log. */
export const KeyNameSchema = z.string().regex(/^[a-z0-9._-]{1,40}$/, "a name is 1 to 40 of a-z 0-9 . _ -");

export const KEY_SCOPES = ["connector", "admin"] as const;
export const TENANT_STATES = ["active", "suspended", "deleting"] as const;

/** A tenant's key as its record lists it: the digest, never the key. */
export const TenantKeySchema = z.object({
  name: KeyNameSchema,
  scope: z.enum(KEY_SCOPES),
  /** SHA-256 of the key, hex. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

/** A tenant as stored (platform/tenants/<id>.json). */
export const TenantRecordSchema = z.object({
  id: TenantIdSchema,
  name: z.string(),
  sandbox: z.boolean(),
  /** active: served and ingested; suspended: its keys answer 403, the cron leaves it; deleting: as suspended, while the cron removes its data. */
  status: z.enum(TENANT_STATES),
  createdAt: z.string(),
  updatedAt: z.string(),
  keys: z.array(TenantKeySchema),
});

/** What a key's digest opens (platform/keys/<digest>.json): valid only while the tenant's record lists it too. */
export const KeyRecordSchema = z.object({ tenant: TenantIdSchema, name: KeyNameSchema, scope: z.enum(KEY_SCOPES) });

/** The tenant a request or a run serves. */
export interface Tenant {
  id: string;
  name: string;
  /** A tenant for trying things out (a sandbox's generated statements), not real books. */
  sandbox: boolean;
}

export const DEFAULT_TENANT: Tenant = { id: DEFAULT_TENANT_ID, name: "default", sandbox: false };

const Name = z.string().trim().min(1).max(200).refine((name) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name), "a name holds no control or invisible formatting character");

/** POST /platform/tenants. */
export const CreateTenantRequestSchema = z.strictObject({ id: TenantIdSchema, name: Name, sandbox: z.boolean().optional() });

/** POST /platform/tenants/<id>/keys. */
export const IssueKeyRequestSchema = z.strictObject({ scope: z.enum(KEY_SCOPES), name: KeyNameSchema });

/** A tenant as the platform API answers it: its keys by name and scope, no digest. */
export const TenantViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  sandbox: z.boolean(),
  status: z.enum(TENANT_STATES),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Where its files go when written to R2 directly: `<prefix>inbox/<source>/<name>`. */
  prefix: z.string(),
  keys: z.array(TenantKeySchema.omit({ digest: true })),
});

/** The answer to issuing a key: the key itself, shown this once. */
export const IssuedKeySchema = z.object({
  tenant: z.string(),
  name: KeyNameSchema,
  scope: z.enum(KEY_SCOPES),
  key: z.string(),
  createdAt: z.string(),
});

/** GET /admin/whoami: the tenant the key opens, and the key's name. */
export const WhoamiSchema = z.object({
  tenant: z.object({ id: z.string(), name: z.string(), sandbox: z.boolean() }),
  key: z.string(),
  scope: z.enum(KEY_SCOPES),
});

export type TenantRecord = z.infer<typeof TenantRecordSchema>;
export type KeyRecord = z.infer<typeof KeyRecordSchema>;
export type TenantView = z.infer<typeof TenantViewSchema>;
export type KeyScope = (typeof KEY_SCOPES)[number];
