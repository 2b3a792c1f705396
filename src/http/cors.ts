import type { IRequest } from "itty-router";
import type { Env } from "../env";

/**
 * Cross-origin access only for the origins named in CORS_ORIGINS: the connector is a server,
 * and a browser page has no business holding an API key unless the operator says so.
 */
function allowedOrigin(request: Request, env: Env): string | undefined {
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  const allowed = (env.CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  return allowed.includes(origin) ? origin : undefined;
}

/** Answers a preflight from an allowed origin; anything else goes on to the routes. */
export function corsPreflight(request: IRequest, env: Env): Response | undefined {
  if (request.method !== "OPTIONS" || !allowedOrigin(request, env)) return undefined;
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-methods": "GET, POST, PUT, DELETE",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
    },
  });
}

export function withCors(response: Response, request: IRequest, env: Env): Response {
  const origin = allowedOrigin(request, env);
  if (!origin) return response;
  const out = new Response(response.body, response);
  out.headers.set("access-control-allow-origin", origin);
  out.headers.append("vary", "Origin");
  return out;
}
