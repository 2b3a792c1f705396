import css from "./page/app.css";
import script from "./page/app.client.js";
import html from "./page/index.html";

/**
 * GET /admin, /admin/app.js and /admin/app.css: the operators' status page, served from the
 * Worker itself. The page holds no data and needs no key; its script signs in against the
 * admin JSON API. The page's Content-Security-Policy is set in security-headers.ts.
 */
const ASSETS = {
  page: { body: html, type: "text/html; charset=utf-8" },
  script: { body: script, type: "text/javascript; charset=utf-8" },
  style: { body: css, type: "text/css; charset=utf-8" },
};

export function statusPageAsset(name: keyof typeof ASSETS): Response {
  const asset = ASSETS[name];
  return new Response(asset.body, { headers: { "content-type": asset.type } });
}
