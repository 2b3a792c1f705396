// The status page's script, served as /admin/app.js. It runs in the operator's browser:
// every datum comes from the admin JSON API with the key kept in this tab's sessionStorage,
// and everything is written to the page as text nodes, never as HTML.

const KEY_STORAGE = "statement-connector.admin-key";
const DISABLED_PAYMENTS = new Set([404, 501, 503]);

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, title, detail) {
    super(`${detail} (${status} ${title})`);
    this.status = status;
    this.detail = detail;
  }
}

/** Elements from data: `el("td", { class: "num" }, "12.00")`. Strings become text nodes. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== ""));
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

async function api(path, init = {}) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const headers = { authorization: `Bearer ${key}`, ...(init.headers ?? {}) };
  let response;
  try {
    response = await fetch(path, { ...init, headers, cache: "no-store", credentials: "omit" });
  } catch {
    throw new ApiError(0, "Network error", "The service could not be reached");
  }
  if (response.ok) return response.status === 204 ? null : response.json();
  let body = {};
  try {
    body = await response.json();
  } catch {
    // A proxy's page instead of our JSON error: the status says enough.
  }
  throw new ApiError(response.status, body.Title ?? response.statusText, body.Detail ?? "The request failed");
}

function refusedKeyMessage(error) {
  if (error.status === 403) return "That is a connector key: the status page needs the admin key (ADMIN_API_KEY).";
  return `The admin key was not accepted: ${error.detail.replace(/\.$/, "")}.`;
}

const isRefusedKey = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403);

/** Any panel that meets a refused key signs out, so the operator sees why at once; others say what failed. */
function handle(error, show) {
  if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
  show(el("span", { class: "error" }, `Could not load: ${error.message}`));
}

/** Puts rows in a table body, each cell labelled with its column's header (shown on narrow screens). */
function fillTable(body, rows) {
  const headers = [...body.closest("table").querySelectorAll("thead th")].map((th) => th.textContent);
  for (const row of rows) {
    [...row.children].forEach((cell, i) => {
      if (!cell.hasAttribute("colspan") && headers[i]) cell.setAttribute("data-label", headers[i]);
    });
  }
  body.replaceChildren(...rows);
}

/** Several lines in one cell, as one element (a cell is a two-column grid on a phone). */
function lines(texts) {
  const kept = texts.filter(Boolean);
  return kept.length ? el("div", {}, kept.map((t) => el("div", {}, t))) : "";
}

function notify(text) {
  $("notice").textContent = text;
}

// Formatting: exact strings from the API, never numbers, for money.

function groupDigits(decimal) {
  const [whole, fraction] = decimal.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + digits + (fraction === undefined ? "" : `.${fraction}`);
}

function decimalOf(minor, exponent) {
  const negative = minor.startsWith("-");
  const digits = minor.replace("-", "").padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return (negative ? "-" : "") + whole + fraction;
}

function money(decimal, currency) {
  return `${groupDigits(decimal)} ${currency.split("/")[0]}`;
}

/** A table cell with an instant's UTC day and minute, each kept on one line. */
function timeCell(instant) {
  if (!instant) return el("td", {});
  const day = el("span", { class: "nowrap" }, instant.slice(0, 10));
  return el("td", {}, el("span", {}, day, " ", el("span", { class: "nowrap" }, `${instant.slice(11, 16)} UTC`)));
}

function badge(state) {
  return el("span", { class: `state state-${state}` }, state);
}

function compareMinor(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// Files

/** Fills a table from an admin list endpoint, or says it is empty, or why it could not. */
async function loadTable(bodyId, path, rowOf, emptyText) {
  const body = $(bodyId);
  const columns = body.closest("table").querySelectorAll("thead th").length;
  const message = (content) => el("tr", {}, el("td", { colspan: columns }, content));
  try {
    const items = await api(path);
    fillTable(body, items.length ? items.map(rowOf) : [message(emptyText)]);
  } catch (error) {
    handle(error, (text) => body.replaceChildren(message(text)));
  }
}

const loadFiles = () =>
  loadTable("files-body", "/admin/files", fileRow, "No files yet: upload one with the CLI or drop it in the bucket under inbox/<source>/.");

function fileRow(file) {
  const problems = [];
  if (file.error) problems.push(file.error.line === undefined ? file.error.reason : `line ${file.error.line}: ${file.error.reason}`);
  if (file.duplicateOf) problems.push(`same bytes as ${file.duplicateOf}`);
  for (const m of file.mismatches ?? []) problems.push(m);
  for (const b of file.continuityBreaks ?? []) problems.push(`continuity break${b.date ? ` on ${b.date}` : ""}: ${b.detail}`);
  if (file.disappeared) problems.push(`${file.disappeared.count} entries of the previous version are not in this one`);
  const rows = file.counts ? String(file.counts.entries) : file.progress !== undefined ? `${file.progress} read` : "";
  const retryable = file.inInbox && (file.state === "failed" || (file.state === "pending" && file.error));
  return el(
    "tr",
    { "data-key": file.key },
    el("th", { scope: "row" }, el("code", {}, `${file.source}/${file.name}`)),
    el("td", {}, badge(file.state)),
    el("td", {}, file.format ?? ""),
    el("td", {}, (file.accounts ?? []).join(", ")),
    el("td", { class: "num" }, rows),
    timeCell(file.at ?? file.uploaded),
    el("td", { class: "problem" }, lines(problems)),
    el("td", { class: "action" }, retryable ? retryForm(file) : ""),
  );
}

function retryForm(file) {
  const inputId = `replace-${file.key.replace(/[^A-Za-z0-9]/g, "-")}`;
  const input = el("input", { type: "file", id: inputId });
  const button = el("button", { type: "submit", "aria-label": `Retry ${file.source}/${file.name}` }, "Retry");
  const form = el(
    "form",
    {},
    el("label", { for: inputId, class: "muted" }, `Corrected file for ${file.name} (optional)`),
    input,
    button,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await retry(file, input.files?.[0]);
    } catch (error) {
      if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
      notify(`Retrying ${file.source}/${file.name} failed: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Uploads the corrected version when one is chosen, asks for the retry, then runs ingestion at once. */
async function retry(file, replacement) {
  const path = `${encodeURIComponent(file.source)}/${encodeURIComponent(file.name)}`;
  if (replacement) await api(`/admin/files/${path}`, { method: "PUT", body: replacement });
  await api(`/admin/retry/${path}`, { method: "POST" });
  const run = await api("/admin/ingest", { method: "POST" });
  const outcome = run.files.find((f) => f.key === file.key);
  notify(
    outcome
      ? `${file.source}/${file.name}: ${outcome.state}${outcome.error ? ` (${outcome.error.line === undefined ? "" : `line ${outcome.error.line}: `}${outcome.error.reason})` : ""}.`
      : `${file.source}/${file.name} is queued; the run ended with status ${run.status}.`,
  );
  await loadAll();
}

async function ingestNow() {
  const button = $("ingest-now");
  button.disabled = true;
  try {
    const run = await api("/admin/ingest", { method: "POST" });
    const states = run.files.map((f) => `${f.key.replace(/^inbox\//, "")} ${f.state}`);
    notify(`Ingestion ${run.status} in ${run.durationMs} ms: ${states.length ? states.join(", ") : "no new files"}${run.remaining ? `; ${run.remaining} left for the next run` : ""}.`);
    await loadAll();
  } catch (error) {
    if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
    notify(`Ingestion failed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// Accounts

async function loadAccounts() {
  const list = $("accounts-list");
  try {
    const accounts = await api("/admin/accounts");
    const histories = await Promise.all(accounts.map((a) => api(`/admin/accounts/${encodeURIComponent(a.id)}/history`)));
    list.replaceChildren(...(accounts.length ? accounts.map((a, i) => accountCard(a, histories[i])) : [el("p", { class: "muted" }, "No accounts yet.")]));
  } catch (error) {
    handle(error, (text) => list.replaceChildren(text));
  }
}

/** Where a balance comes from, as an operator checks it against the bank. */
function origin(balance) {
  const anchor = balance.anchor;
  if (!anchor) return balance.origin;
  const from = anchor.kind === "profile" ? "the profile's opening balance" : `the ${anchor.kind} balance of ${anchor.file}${anchor.line ? `, line ${anchor.line}` : ""}`;
  return balance.origin === "stated" ? `stated, ${from}` : `computed from ${from} of ${anchor.date}`;
}

function accountCard(account, history) {
  const titleId = `account-${account.id.replace(/[^A-Za-z0-9]/g, "-")}`;
  const details = [
    ["Account", account.id],
    ["Source", account.source],
    ["Bank", account.bank],
    ...account.balances.map((b) => [`Balance ${b.currency}`, `${money(b.decimal, b.currency)} on ${b.date} (${origin(b)})`]),
    ...(account.withoutBalance ?? []).map((w) => [`Balance ${w.currency}`, `none served: ${w.reason}`]),
    ["Last statement", account.lastStatement ?? "none"],
  ].filter(([, value]) => value);
  return el(
    "article",
    { class: "card", "aria-labelledby": titleId },
    el("h3", { id: titleId }, account.name),
    el("dl", {}, details.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)])),
    account.breaks.length
      ? el("div", {}, el("h4", { class: "visually-hidden" }, "Continuity breaks"), el("ul", { class: "breaks", "aria-label": `Continuity breaks of ${account.name}` }, account.breaks.map((b) => el("li", {}, `${b.date ?? "undated"} (${b.currency}): ${b.detail}`))))
      : el("p", { class: "muted" }, "No continuity breaks."),
    history.currencies.length
      ? history.currencies.map((series) => chart(account, series))
      : el("p", { class: "muted" }, "No stated balances to chart yet: its files state no opening or closing balance."),
  );
}

const CHART = { width: 480, height: 170, left: 10, right: 10, top: 12, bottom: 30 };

/**
 * The stated balances as a line. Positions are pixels, so numbers are fine there; every label
 * keeps the API's exact decimal.
 */
function chart(account, series) {
  const { points, currency } = series;
  const days = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  const sorted = [...points].sort((a, b) => compareMinor(a.amount, b.amount));
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  const lowValue = Number(low.amount);
  const range = Number(high.amount) - lowValue;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const axisY = CHART.height - CHART.bottom;
  const x = (day) => CHART.left + (lastDay === firstDay ? plotWidth / 2 : ((day - firstDay) / (lastDay - firstDay)) * plotWidth);
  const y = (amount) => CHART.top + (range === 0 ? plotHeight / 2 : (1 - (Number(amount) - lowValue) / range) * plotHeight);
  const coords = points.map((p, i) => [x(days[i]).toFixed(1), y(p.amount).toFixed(1)]);
  const first = points[0];
  const last = points[points.length - 1];
  const summary = points.length === 1
    ? `one stated balance, ${money(last.decimal, currency)} on ${last.date}.`
    : `${points.length} stated balances from ${first.date} to ${last.date}; ` +
      `lowest ${money(low.decimal, currency)}, highest ${money(high.decimal, currency)}, latest ${money(last.decimal, currency)}.`;
  const figure = svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${CHART.width} ${CHART.height}`, role: "img", "aria-label": `${currency} balance of ${account.name}: ${summary}` },
    svg("line", { class: "axis", x1: CHART.left, x2: CHART.width - CHART.right, y1: axisY, y2: axisY }),
    svg("path", { class: "line", d: coords.map(([cx, cy], i) => `${i === 0 ? "M" : "L"}${cx} ${cy}`).join(" ") }),
    ...points.map((p, i) => svg("circle", { class: "point", cx: coords[i][0], cy: coords[i][1], r: 5 }, svg("title", {}, `${p.date}: ${money(p.decimal, currency)} (${p.kind})`))),
    svg("text", { x: CHART.left, y: CHART.height - 8 }, first.date),
    points.length > 1 ? svg("text", { x: CHART.width - CHART.right, y: CHART.height - 8, "text-anchor": "end" }, last.date) : "",
  );
  return el(
    "figure",
    { class: "chart-figure" },
    figure,
    el("figcaption", { class: "muted" }, `${currency}: ${summary}`),
  );
}

// Runs

const loadRuns = () => loadTable("runs-body", "/admin/runs", runRow, "No ingestion run has done anything yet.");

function runRow(run) {
  const rows = run.files.reduce((sum, f) => sum + (f.published ?? 0), 0);
  const outcome = run.files.map((f) => `${f.key.replace(/^inbox\//, "")}: ${f.state}`);
  if (run.remaining) outcome.push(`${run.remaining} left for the next run`);
  return el(
    "tr",
    {},
    timeCell(run.startedAt),
    el("td", {}, badge(run.status)),
    el("td", { class: "num" }, `${(run.durationMs / 1000).toFixed(2)} s`),
    el("td", { class: "num" }, String(run.files.length)),
    el("td", { class: "num" }, String(rows)),
    el("td", {}, lines(outcome)),
  );
}

// Payments

async function loadPayments() {
  const note = $("payments-note");
  const table = $("payments-table");
  try {
    const payments = await api("/admin/payments");
    table.hidden = payments.length === 0;
    note.textContent = payments.length ? `${payments.length} payment${payments.length === 1 ? "" : "s"}, newest first.` : "No payment has been initiated yet.";
    fillTable($("payments-body"), payments.map(paymentRow));
  } catch (error) {
    table.hidden = true;
    if (error instanceof ApiError && DISABLED_PAYMENTS.has(error.status)) {
      note.textContent = "Payment initiation is not enabled on this service.";
      return;
    }
    handle(error, (text) => note.replaceChildren(text));
  }
}

function paymentRow(p) {
  const detail = [
    p.failureReason,
    `payment ${p.id}`,
    p.transactionId && `transaction ${p.transactionId}`,
    `end-to-end ${p.endToEndId}`,
    `idempotency key ${p.idempotencyKey}`,
    p.file && `file ${p.file}`,
  ];
  return el(
    "tr",
    {},
    timeCell(p.createdAt),
    el("td", {}, p.type),
    el("td", {}, badge(p.status)),
    el("td", { class: "num" }, money(p.decimal, p.currency)),
    el("td", {}, p.sourceAccountId),
    el("td", {}, p.destinationId),
    el("td", {}, p.description ?? ""),
    el("td", {}, lines(detail)),
  );
}

// Search

async function search(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const params = new URLSearchParams();
  for (const name of ["q", "amount", "date"]) {
    const value = String(form.get(name) ?? "").trim();
    if (value) params.set(name, value);
  }
  const note = $("search-note");
  const table = $("search-table");
  note.textContent = "Searching…";
  try {
    const result = await api(`/admin/transactions?${params}`);
    const scope = result.scope === "day"
      ? `${result.searched} of the ${result.total} transactions booked on ${params.get("date")}`
      : `the latest ${result.searched} of ${result.total} transactions`;
    note.textContent = `${result.items.length} found; searched ${scope}${result.complete ? "" : " (narrow the search, by date for instance, to look further)"}.`;
    fillTable($("search-body"), result.items.map(transactionRow));
    table.hidden = result.items.length === 0;
  } catch (error) {
    table.hidden = true;
    if (error instanceof ApiError && error.status === 400) note.textContent = error.detail;
    else handle(error, (text) => note.replaceChildren(text));
  }
}

function transactionRow(tx) {
  const m = tx.metadata ?? {};
  const exponent = Number(tx.currency.split("/")[1] ?? 0);
  const signed = m.signedAmount ?? (tx.type === "PAYOUT" ? `-${decimalOf(tx.amount, exponent)}` : decimalOf(tx.amount, exponent));
  const text = [m.bankReference, m.endToEndId, m.customerReference, m.description, m.counterpartyName];
  return el(
    "tr",
    {},
    timeCell(tx.createdAt),
    el("td", { class: "num" }, money(signed, tx.currency)),
    el("td", {}, tx.type),
    el("td", {}, badge(tx.status)),
    el("td", {}, tx.type === "PAYIN" ? tx.destinationAccountID : tx.sourceAccountID),
    el("td", {}, lines(text)),
  );
}

// Session

function loadAll() {
  return Promise.all([loadFiles(), loadAccounts(), loadRuns(), loadPayments()]);
}

function showDashboard(signedIn) {
  $("sign-in").hidden = signedIn;
  $("dashboard").hidden = !signedIn;
  $("nav").hidden = !signedIn;
  $("session").hidden = !signedIn;
}

function signOut(message = "") {
  sessionStorage.removeItem(KEY_STORAGE);
  showDashboard(false);
  notify("");
  $("sign-in-error").textContent = message;
  $("admin-key").value = "";
  $("admin-key").focus();
}

async function signIn(event) {
  event.preventDefault();
  const key = $("admin-key").value.trim();
  const error = $("sign-in-error");
  error.textContent = "";
  sessionStorage.setItem(KEY_STORAGE, key);
  try {
    await api("/admin/runs");
  } catch (failure) {
    sessionStorage.removeItem(KEY_STORAGE);
    error.textContent = isRefusedKey(failure) ? refusedKeyMessage(failure) : `Sign-in failed: ${failure.message}`;
    return;
  }
  $("admin-key").value = "";
  showDashboard(true);
  await loadAll();
  $("files-title").focus();
}

function start() {
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut());
  $("refresh").addEventListener("click", () => loadAll());
  $("ingest-now").addEventListener("click", ingestNow);
  $("search-form").addEventListener("submit", search);
  $("files-title").setAttribute("tabindex", "-1");
  if (sessionStorage.getItem(KEY_STORAGE)) {
    showDashboard(true);
    loadAll();
  } else {
    showDashboard(false);
  }
}

start();

// The tenant the admin key opens, named in the header (GET /admin/whoami); the deployment's own is not named.
async function showTenant() {
  $("tenant").textContent = "";
  try {
    const { tenant } = await api("/admin/whoami");
    if (tenant.id !== "default") $("tenant").textContent = `${tenant.name} (${tenant.id}${tenant.sandbox ? ", sandbox" : ""})`;
  } catch {
    // A key refused: the sign-in says why.
  }
}

$("sign-in-form").addEventListener("submit", () => showTenant());
$("sign-out").addEventListener("click", () => ($("tenant").textContent = ""));
if (!$("dashboard").hidden) showTenant();
