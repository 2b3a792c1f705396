import { z } from "zod";
import type { Env } from "../../env";
import { type Settings } from "../../settings";
import { isDay } from "../../model/day";
import { describeIssues } from "../../model/zod-issues";
import { SANDBOX_FORMATS, SandboxAccountSchema, SandboxBeneficiarySchema, SandboxEntrySchema } from "../../sandbox/bank";
import { SANDBOX_COUNTRIES } from "../../sandbox/iban";
import { SandboxError } from "../../sandbox/lifecycle";
import { act, createAccount, createBeneficiary, ENTRY_ACTIONS, generate, listAccounts, listBeneficiaries, PAYOUT_ACTIONS, sandboxOn } from "../../sandbox-bank";
import { badRequest, HttpError, notFound } from "../errors";
import { readJsonBody } from "../json-body";

const MAX_BODY_BYTES = 16 * 1024;
/** A year of days at most in one request: one file per account, a statement per day. */
export const MAX_SANDBOX_DAYS = 366;

export const SandboxAccountRequestSchema = z.strictObject({
  country: z.enum(SANDBOX_COUNTRIES),
  name: z.string().min(1).max(70),
  format: z.enum(SANDBOX_FORMATS),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Minor units, the balance before the first statement. */
  openingBalance: z.string().regex(/^-?\d{1,18}$/).optional(),
  since: z.string().refine(isDay, "a day YYYY-MM-DD").optional(),
  answerPayouts: z.boolean().optional(),
  seed: z.string().min(1).max(100).optional(),
});

export const SandboxBeneficiaryRequestSchema = z.strictObject({
  country: z.enum(SANDBOX_COUNTRIES),
  name: z.string().min(1).max(70),
  seed: z.string().min(1).max(100).optional(),
});

export const SandboxGenerateRequestSchema = z.strictObject({
  accounts: z.array(z.strictObject({ iban: z.string(), format: z.enum(SANDBOX_FORMATS).optional() })).min(1).max(20),
  days: z.number().int().min(1).max(MAX_SANDBOX_DAYS),
});

export const SandboxActionRequestSchema = z.strictObject({
  kind: z.enum([...ENTRY_ACTIONS, ...PAYOUT_ACTIONS]),
  target: z.string().min(1).max(200),
});

/** The answers of POST accounts and beneficiaries: schemas of their own, since GET /admin/sandbox lists the same inside its answer (an inline body's schema must not be nested in another's). */
export const OpenedAccountSchema = SandboxAccountSchema.describe("the test account opened");
export const OpenedBeneficiarySchema = SandboxBeneficiarySchema.describe("the beneficiary opened");
export const SandboxViewSchema = z.object({ accounts: z.array(SandboxAccountSchema), beneficiaries: z.array(SandboxBeneficiarySchema) });
export const SandboxGeneratedSchema = z.array(z.object({
  iban: z.string(),
  files: z.array(z.string()),
  statements: z.array(z.object({ number: z.number(), day: z.string(), opening: z.string(), closing: z.string(), entries: z.number() })),
  pending: z.array(SandboxEntrySchema),
}));
export const SandboxActionResultSchema = z.object({ kind: z.string(), target: z.string(), account: z.string(), file: z.string(), entries: z.array(SandboxEntrySchema) });

/** The routes answer 501 where the sandbox is off: this deployment does not offer it. */
function requireSandbox(env: Env, settings: Settings): void {
  if (!sandboxOn(settings, env)) {
    throw new HttpError(501, "Not Implemented", "The sandbox bank is off on this service: set SANDBOX = \"on\" (wrangler.toml [vars] or .dev.vars) on a deployment meant for test data only.");
  }
}

async function body<S extends z.ZodType>(request: Request, schema: S, expected: string): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(request, MAX_BODY_BYTES, expected));
  if (!parsed.success) throw badRequest(`Expected ${expected}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** A lifecycle or account request the bank cannot do, as HTTP: 404 for what it does not know, 409 for what is past. */
async function answering(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    if (error.kind === "not-found") throw notFound(error.message);
    throw new HttpError(409, "Conflict", error.message);
  }
}

/** GET /admin/sandbox: the test accounts (with their pending and latest entries) and beneficiaries. */
export async function sandboxView(env: Env, settings: Settings): Promise<Response> {
  requireSandbox(env, settings);
  const [accounts, beneficiaries] = await Promise.all([listAccounts(env.STATEMENTS), listBeneficiaries(env.STATEMENTS)]);
  return Response.json({ accounts, beneficiaries });
}

export async function postSandboxAccount(request: Request, env: Env, settings: Settings): Promise<Response> {
  requireSandbox(env, settings);
  const wanted = await body(request, SandboxAccountRequestSchema, 'a JSON object {"country", "name", "format"}');
  return answering(async () => {
    const { openingBalance, ...rest } = wanted;
    try {
      const account = await createAccount(env.STATEMENTS, { ...rest, openingBalance: openingBalance === undefined ? undefined : BigInt(openingBalance) }, Date.now());
      return Response.json(account, { status: 201 });
    } catch (error) {
      if (error instanceof RangeError) throw badRequest(error.message);
      throw error;
    }
  });
}

export async function postSandboxBeneficiary(request: Request, env: Env, settings: Settings): Promise<Response> {
  requireSandbox(env, settings);
  const wanted = await body(request, SandboxBeneficiaryRequestSchema, 'a JSON object {"country", "name"}');
  return answering(async () => Response.json(await createBeneficiary(env.STATEMENTS, wanted), { status: 201 }));
}

export async function postSandboxGenerate(request: Request, env: Env, settings: Settings): Promise<Response> {
  requireSandbox(env, settings);
  const wanted = await body(request, SandboxGenerateRequestSchema, 'a JSON object {"accounts": [{"iban", "format"?}], "days"}');
  return answering(async () => Response.json(await generate(env.STATEMENTS, wanted, Date.now()), { status: 201 }));
}

export async function postSandboxAction(request: Request, env: Env, settings: Settings): Promise<Response> {
  requireSandbox(env, settings);
  const wanted = await body(request, SandboxActionRequestSchema, 'a JSON object {"kind", "target"}');
  return answering(async () => Response.json(await act(env.STATEMENTS, wanted.kind, wanted.target, Date.now()), { status: 201 }));
}
