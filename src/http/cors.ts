import type { IRequest } from "itty-router";
import type { Env } from "../env";
import type { Settings } from "../settings";

/**
 * Cross-origin access only for the origins named in CORS_ORIGINS: the connector is a server,
 * and a browser page has no business holding an API key unless the operator says so.
 */
function allowedOrigin(request: Request, settings: Settings): string | undefined {
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  return settings.values.CORS_ORIGINS.includes(origin) ? origin : undefined;
}

/** Answers a preflight from an allowed origin; anything else goes on to the routes. */
export function corsPreflight(request: IRequest, _env: Env, settings: Settings): Response | undefined {
  if (request.method !== "OPTIONS" || !allowedOrigin(request, settings)) return undefined;
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-methods": "GET, POST, PUT, DELETE",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
    },
  });
}

export function withCors(response: Response, request: IRequest, _env: Env, settings: Settings): Response {
  const origin = allowedOrigin(request, settings);
  if (!origin) return response;
  const out = new Response(response.body, response);
  out.headers.set("access-control-allow-origin", origin);
  out.headers.append("vary", "Origin");
  return out;
}
