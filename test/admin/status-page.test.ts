import { describe, expect, it } from "vitest";
import { ADMIN_KEY, call } from "../support/worker";

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

describe("GET /admin, the status page", () => {
  it("is served without a key, under a policy that allows only its own script, style and API calls", async () => {
    const response = await call("/admin", { key: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const policy = response.headers.get("content-security-policy")!;
    expect(policy.split("; ")).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]));
    expect(policy).not.toMatch(/unsafe|https?:|\*/);
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/admin/app.js">');
    expect(html).toContain('<link rel="stylesheet" href="/admin/app.css">');
    // No inline script or style for the policy to allow, and nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script>|<style|style=|https?:\/\//);
  });

  it("serves its script and style, which load nothing from elsewhere", async () => {
    const script = await call("/admin/app.js", { key: null });
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const code = await script.text();
    expect(code).toContain("sessionStorage");
    expect(code).not.toMatch(/localStorage|document\.cookie|innerHTML|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const style = await call("/admin/app.css", { key: null });
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await style.text()).not.toMatch(/@import|url\(/);
  });

  it("leaves the JSON API its own policy, and knows its methods", async () => {
    const json = await call("/admin/files", { key: ADMIN_KEY });
    expect(json.headers.get("content-security-policy")).toBe(API_POLICY);
    expect((await call("/admin/app.js", { key: null })).headers.get("content-security-policy")).toBe(API_POLICY);
    const post = await call("/admin", { method: "POST", key: null });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });
});
