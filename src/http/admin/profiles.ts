import type { Env } from "../../env";
import { badRequest, HttpError, notFound } from "../errors";
import { readJsonBody } from "../json-body";
import { profileKey } from "../../store/layout";
import { AmountError } from "../../model/money";
import { ProfileSchema } from "../../model/profile";
import { rebalanceSource } from "../../ingest/rebalance";
import { describeIssues } from "../../model/zod-issues";
import { sourceName } from "./names";

const MAX_PROFILE_BYTES = 64 * 1024;

export async function getProfile(env: Env, rawSource: string): Promise<Response> {
  const source = sourceName(rawSource);
  const object = await env.STATEMENTS.get(profileKey(source));
  if (!object) throw notFound(`No profile is stored for source "${source}".`);
  return new Response(object.body, { headers: { "content-type": "application/json" } });
}

export async function putProfile(request: Request, env: Env, rawSource: string): Promise<Response> {
  const source = sourceName(rawSource);
  const type = request.headers.get("content-type");
  // fetch() labels a string body text/plain; forms and uploads are what we turn away.
  if (type && !/^(application\/json|text\/plain)\b/i.test(type)) {
    throw new HttpError(415, "Unsupported Media Type", `Send the profile as application/json, not ${type}.`);
  }
  const body = await readJsonBody(request, MAX_PROFILE_BYTES, "a profile as a JSON object");
  const parsed = ProfileSchema.safeParse(body);
  if (!parsed.success) throw badRequest(`The profile is not valid: ${describeIssues(parsed.error)}`);
  try {
    // Checked first: a profile whose opening balance no account can take is not stored.
    await rebalanceSource(env.STATEMENTS, source, parsed.data, Date.now());
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    throw badRequest(`The profile is not valid: openingBalance: ${error.message}`);
  }
  await env.STATEMENTS.put(profileKey(source), JSON.stringify(parsed.data), { httpMetadata: { contentType: "application/json" } });
  return Response.json(parsed.data);
}

export async function deleteProfile(env: Env, rawSource: string): Promise<Response> {
  const source = sourceName(rawSource);
  const existing = await env.STATEMENTS.head(profileKey(source));
  if (!existing) throw notFound(`No profile is stored for source "${source}".`);
  await env.STATEMENTS.delete(profileKey(source));
  await rebalanceSource(env.STATEMENTS, source, undefined, Date.now());
  return new Response(null, { status: 204 });
}
