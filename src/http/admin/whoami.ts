import type { IRequest } from "itty-router";
import type { z } from "zod";
import type { WhoamiSchema } from "../../model/tenant";
import { callerOf } from "../auth";

/** GET /admin/whoami: the tenant the admin key opens (the status page shows it in its header) and the name the key goes by. */
export function whoami(request: IRequest): Response {
  const caller = callerOf(request);
  if (!caller || caller.scope === "platform") throw new Error("GET /admin/whoami ran without an admin caller");
  const { id, name, sandbox } = caller.tenant;
  const answer: z.infer<typeof WhoamiSchema> = { tenant: { id, name, sandbox }, key: caller.key, scope: caller.scope };
  return Response.json(answer);
}
