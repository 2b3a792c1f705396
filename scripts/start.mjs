// `npm start`: the Worker on wrangler dev with local R2 persisted under .wrangler/state,
// sample statements from fixtures/ uploaded through the admin API and ingested.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One statement per format, each in its own source, from the project's fixtures. */
const SAMPLES = [
  ["acme-main", "sample/acme-main/2026-10-statement.csv"],
  ["abn-sftp", "camt053/statement-v02.xml"],
  ["sparkasse", "mt940/gvc.sta"],
  ["us-bank", "bai2/two-groups.bai2"],
];

const root = new URL("..", import.meta.url).pathname;
const port = process.env.PORT ?? "8787";
const base = `http://127.0.0.1:${port}`;

const vars = join(root, ".dev.vars");
if (!existsSync(vars)) copyFileSync(join(root, ".dev.vars.example"), vars);
const secrets = Object.fromEntries(
  readFileSync(vars, "utf8")
    .split("\n")
    .filter((line) => /^\w+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
);
const connectorKey = (secrets.API_KEYS ?? "").split(",")[0]?.trim();
const adminKey = secrets.ADMIN_API_KEY;
// The samples go to new sources, which wrangler.toml holds for review: published at once here, unless
// .dev.vars says otherwise (one copied before NEW_SOURCES existed says nothing).
const newSources = secrets.NEW_SOURCES === undefined ? ["--var", "NEW_SOURCES:auto"] : [];

const wrangler = spawn(
  process.execPath,
  [join(root, "node_modules/wrangler/bin/wrangler.js"), "dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", join(root, ".wrangler/state"), ...newSources],
  { cwd: root, stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => wrangler.kill(signal));
wrangler.on("exit", (code) => process.exit(code ?? 0));

await waitForServer();
try {
  await seed();
} catch (error) {
  console.error(`Loading the sample statements failed (the Worker keeps running): ${error.message}`);
}

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(`${base}/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  console.error(`The Worker did not start on ${base}.`);
  wrangler.kill();
}

async function seed() {
  const admin = { authorization: `Bearer ${adminKey}` };
  for (const [source, path] of SAMPLES) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const body = readFileSync(join(root, "fixtures", path));
    const response = await fetch(`${base}/admin/files/${source}/${encodeURIComponent(name)}`, { method: "PUT", headers: admin, body });
    if (!response.ok) console.error(`Uploading ${source}/${name} failed: ${response.status} ${await response.text()}`);
  }
  const run = await (await fetch(`${base}/admin/ingest`, { method: "POST", headers: admin })).json();
  const files = run.files ?? [];
  console.log(`\nSample statements ingested: ${files.map((f) => `${f.key} (${f.state})`).join(", ") || "none new"}`);
  console.log(`\nstatement-connector is running on ${base}`);
  console.log(`  status page:   ${base}/admin (sign in with the admin key)`);
  console.log(`  connector key: ${connectorKey}\n  admin key:     ${adminKey}`);
  console.log(`  try: curl -H "Authorization: Bearer ${connectorKey}" ${base}/transactions\n`);
}
