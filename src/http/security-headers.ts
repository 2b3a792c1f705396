/** Headers every response carries: nothing but the status page is meant for a browser to render, and none to cache or frame. */
const HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "strict-transport-security": "max-age=31536000",
};

/** JSON and everything else: nothing may load or run. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The status page (GET /admin): its own script, style and API calls, nothing inline and
 * nothing from elsewhere (no fonts, no CDN), no forms posted anywhere, no framing.
 */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function withSecurityHeaders(response: Response): Response {
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(HEADERS)) out.headers.set(name, value);
  const isPage = out.headers.get("content-type")?.startsWith("text/html") ?? false;
  out.headers.set("content-security-policy", isPage ? PAGE_POLICY : API_POLICY);
  return out;
}
