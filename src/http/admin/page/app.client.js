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

/** The one place the key is read to be sent: as a Bearer header, with the request's others. */
function withKey(others = {}) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  const headers = { authorization: `Bearer ${key}`, ...others };
  return headers;
}

async function api(path, init = {}) {
  const headers = withKey(init.headers);
  let response;
  try {
    response = await fetch(path, { ...init, headers, cache: "no-store", credentials: "omit" });
  } catch {
    throw new ApiError(0, "Network error", "The service could not be reached");
  }
  if (response.ok) return response.status === 204 ? null : init.as === "text" ? response.text() : response.json();
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

/** A reason being typed survives the table being filled again (a filter, a live refresh, another row's action). */
function typedReasons(body) {
  const focused = document.activeElement?.id;
  const values = [...body.querySelectorAll("form.reason-form input")].filter((input) => input.value).map((input) => [input.id, input.value]);
  return {
    restore() {
      for (const [id, value] of values) {
        const input = document.getElementById(id);
        if (input && body.contains(input)) input.value = value;
      }
      if (focused && body.contains(document.getElementById(focused))) document.getElementById(focused).focus();
    },
  };
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

const FILE_PAGE_SIZE = 20;
const filesView = { cursor: "", seq: 0 };
const STATES = ["pending", "ingesting", "ingested", "failed", "duplicate", "held", "rejected", "retracted"];

/** One page of the files, with the filters set; keeps the filters' choices current. */
async function loadFiles() {
  const body = $("files-body");
  const columns = body.closest("table").querySelectorAll("thead th").length;
  const message = (content) => el("tr", {}, el("td", { colspan: columns }, content));
  const params = new URLSearchParams({ pageSize: String(FILE_PAGE_SIZE) });
  for (const name of ["state", "source", "format", "sort"]) {
    const value = $(`filter-${name}`).value;
    if (value) params.set(name, value);
  }
  if (filesView.cursor) params.set("cursor", filesView.cursor);
  // Only the latest request fills the table: an earlier one answering late would show an older state.
  const seq = ++filesView.seq;
  try {
    const page = await api(`/admin/files?${params}`);
    if (seq !== filesView.seq) return page.items;
    filesView.next = page.next;
    fillOptions($("filter-source"), page.sources);
    fillOptions($("filter-format"), page.formats);
    fillOptions($("known-sources"), page.sources, false);
    const typed = typedReasons(body);
    fillTable(body, page.items.length ? page.items.map(fileRow) : [message(params.has("state") || params.has("source") || params.has("format") ? "No file matches these filters." : "No files yet: upload one above, with the CLI, or drop it in the bucket under inbox/<source>/.")]);
    typed.restore();
    const from = Number(filesView.cursor || 0);
    $("files-note").textContent = page.total ? `Files ${from + 1} to ${from + page.items.length} of ${page.total}.` : "";
    $("files-next").disabled = !page.next;
    $("files-first").disabled = !filesView.cursor;
    return page.items;
  } catch (error) {
    handle(error, (text) => body.replaceChildren(message(text)));
    return [];
  }
}

/** A select's options (after its first, "Any"), keeping the choice; or a datalist's. */
function fillOptions(select, values, keepFirst = true) {
  const chosen = select.value;
  const first = keepFirst ? [select.options[0]] : [];
  select.replaceChildren(...first, ...values.map((v) => el("option", { value: v }, v)));
  if (keepFirst) select.value = values.includes(chosen) ? chosen : "";
}

function filesPage(cursor) {
  filesView.cursor = cursor;
  return loadFiles();
}

function fileRow(file) {
  const problems = [];
  if (file.error) problems.push(file.error.line === undefined ? file.error.reason : `line ${file.error.line}: ${file.error.reason}`);
  if (file.duplicateOf) problems.push(`same bytes as ${file.duplicateOf}`);
  for (const m of file.mismatches ?? []) problems.push(m);
  for (const b of file.continuityBreaks ?? []) problems.push(`continuity break${b.date ? ` on ${b.date}` : ""}: ${b.detail}`);
  if (file.disappeared) problems.push(`${file.disappeared.count} entries of the previous version are not in this one`);
  if (file.rejection) problems.push(`rejected: ${file.rejection.reason}`);
  if (file.retraction) problems.push(`retracted: ${file.retraction.reason} (${file.retraction.cancelled} cancelled, ${file.retraction.kept} kept)`);
  const rows = file.counts ? String(file.counts.entries) : file.progress !== undefined ? `${file.progress} read` : "";
  return el(
    "tr",
    { "data-key": file.key },
    el("th", { scope: "row" }, el("code", {}, `${file.source}/${file.name}`)),
    el("td", {}, file.state === "ingesting" ? progressOf(file) : badge(file.state)),
    el("td", {}, lines([file.format, (file.accounts ?? []).join(", ")])),
    el("td", { class: "num" }, rows),
    timeCell(file.at ?? file.uploaded),
    el("td", { class: "problem" }, lines(problems)),
    el("td", { class: "action" }, fileActions(file)),
  );
}

/** A file read over several runs: the events read, and the bytes of its size when the checkpoint says. */
function progressOf(file) {
  const label = `${file.source}/${file.name} read so far`;
  const bytes = file.bytesRead !== undefined && file.size ? file.bytesRead : undefined;
  const percent = bytes === undefined ? undefined : Math.min(100, Math.floor((bytes / file.size) * 100));
  return el(
    "div",
    { class: "progress-cell" },
    badge("ingesting"),
    bytes === undefined ? el("progress", { "aria-label": label }) : el("progress", { max: file.size, value: bytes, "aria-label": label }),
    el("span", { class: "muted" }, `${file.progress ?? 0} events${bytes === undefined ? "" : `, ${formatBytes(bytes)} of ${formatBytes(file.size)} (${percent}%)`}`),
  );
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const filePath = (file) => `${encodeURIComponent(file.source)}/${encodeURIComponent(file.name)}`;
const PREVIEWABLE = new Set(["pending", "held", "failed"]);
const DELETABLE = new Set(["pending", "failed", "duplicate", "rejected"]);

/** What can be done with a file in its state: each a real button named for the file. */
function fileActions(file) {
  const name = `${file.source}/${file.name}`;
  const actions = [];
  const button = (text, onClick, secondary = true) => {
    const b = el("button", { type: "button", class: secondary ? "secondary" : undefined, "aria-label": `${text} ${name}` }, text);
    b.addEventListener("click", () => onClick(b));
    return b;
  };
  if (file.inInbox && PREVIEWABLE.has(file.state)) actions.push(button("Preview", () => showPreview(file)));
  if (file.state === "held") {
    actions.push(button("Approve", (b) => act(b, `Approving ${name}`, () => approveFile(file)), false));
    actions.push(reasonForm(file, "Reject", (reason) => api(`/admin/files/${filePath(file)}/reject`, jsonBody({ reason }))));
  }
  if (file.state === "ingested" && file.inInbox && file.format === "csv") actions.push(button("Edit profile", () => showPreview(file, true)));
  if (file.state === "ingested" && file.inInbox) {
    actions.push(reasonForm(file, "Retract", (reason) => api(`/admin/files/${filePath(file)}/retract`, jsonBody({ reason }))));
  }
  if (DELETABLE.has(file.state)) {
    actions.push(button("Delete", (b) => act(b, `Deleting ${name}`, async () => {
      await api(`/admin/files/${filePath(file)}`, { method: "DELETE" });
      return `${name} deleted.`;
    })));
  }
  const retryable = file.inInbox && (file.state === "failed" || (file.state === "pending" && file.error));
  if (retryable) actions.push(retryForm(file));
  return actions.length ? el("div", { class: "actions" }, actions) : "";
}

const jsonBody = (value) => ({ method: "POST", body: JSON.stringify(value), headers: { "content-type": "application/json" } });

/** Runs an action from a button, says how it went, and shows the store as it is now. */
async function act(button, doing, action) {
  button.disabled = true;
  notify(`${doing}…`);
  try {
    notify(await action());
    await loadAll();
  } catch (error) {
    if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
    notify(`${doing} failed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

async function approveFile(file) {
  const answer = await api(`/admin/files/${filePath(file)}/approve`, { method: "POST" });
  const changes = answer.changes.map((c) => `${c.count} ${c.held} held, ${c.published} published`);
  return `${file.source}/${file.name} approved: ${answer.file.state}${changes.length ? `; changed since review: ${changes.join(", ")}` : ""}.`;
}

/** Reject or retract: a reason is required, asked for in a small form of its own. */
function reasonForm(file, verb, send) {
  const name = `${file.source}/${file.name}`;
  const id = `${verb.toLowerCase()}-${file.key.replace(/[^A-Za-z0-9]/g, "-")}`;
  const input = el("input", { id, required: true, maxlength: 1000, autocomplete: "off" });
  const submit = el("button", { type: "submit", class: "secondary", "aria-label": `${verb} ${name}` }, verb);
  const form = el("form", { class: "reason-form" }, el("label", { for: id, class: "muted" }, `Reason to ${verb.toLowerCase()} ${file.name}`), input, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(submit, `${verb === "Reject" ? "Rejecting" : "Retracting"} ${name}`, async () => {
      const record = await send(input.value.trim());
      return `${name}: ${record.state}${record.retraction ? ` (${record.retraction.cancelled} transactions cancelled, ${record.retraction.kept} kept)` : ""}.`;
    });
  });
  return form;
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

/** From the files panel's button, or the one beside the sandbox's files just written. */
async function ingestNow(event) {
  const button = event.currentTarget;
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
  const open = el("button", { type: "button", class: "secondary", "aria-label": `Transactions of ${account.name}` }, "Transactions");
  open.addEventListener("click", () => openTransactions(account));
  return el(
    "article",
    { class: "card", "aria-labelledby": titleId },
    el("div", { class: "card-head" }, el("h3", { id: titleId }, account.name), open),
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

/** A run's outcome as its files tell it: a run that completed with every file failed did not go well. */
function runOutcome(run) {
  const failed = run.files.filter((f) => f.state === "failed").length;
  if (run.status !== "completed" || failed === 0) return run.status;
  return failed === run.files.length ? "files-failed" : "partly-failed";
}

function runRow(run) {
  const rows = run.files.reduce((sum, f) => sum + (f.published ?? 0), 0);
  const outcome = run.files.map((f) => `${f.key.replace(/^inbox\//, "")}: ${f.state}`);
  if (run.remaining) outcome.push(`${run.remaining} left for the next run`);
  return el(
    "tr",
    {},
    timeCell(run.startedAt),
    el("td", {}, badge(runOutcome(run))),
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

/** A booking day without a time (UTC midnight, the booking date alone) is shown as a date. */
function bookedCell(tx) {
  const day = tx.metadata?.bookingDate;
  if (day && tx.createdAt === `${day}T00:00:00.000Z`) return el("td", {}, el("span", { class: "nowrap" }, day));
  return timeCell(tx.createdAt);
}

function signedOf(tx) {
  const exponent = Number(tx.currency.split("/")[1] ?? 0);
  return tx.metadata?.signedAmount ?? (tx.type === "PAYOUT" ? `-${decimalOf(tx.amount, exponent)}` : decimalOf(tx.amount, exponent));
}

function transactionRow(tx) {
  const m = tx.metadata ?? {};
  const signed = signedOf(tx);
  const text = [m.bankReference, m.endToEndId, m.customerReference, m.description, m.counterpartyName];
  return el(
    "tr",
    {},
    bookedCell(tx),
    el("td", { class: "num" }, money(signed, tx.currency)),
    el("td", {}, tx.type),
    el("td", {}, badge(tx.status)),
    el("td", {}, tx.type === "PAYIN" ? tx.destinationAccountID : tx.sourceAccountID),
    el("td", {}, lines(text)),
  );
}

// Upload: several files at once, each with its own progress, then its preview.

const NOT_STATEMENTS = [
  { test: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46, ext: /\.pdf$/i, what: "a PDF" },
  { test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04, ext: /\.(xlsx|xlsm|ods|numbers)$/i, what: "a spreadsheet" },
  { test: (b) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0, ext: /\.xls$/i, what: "a spreadsheet" },
];

/** A PDF or a spreadsheet, told by its first bytes or its name: what to export instead. */
async function notAStatement(file) {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const kind = NOT_STATEMENTS.find((k) => k.test(head) || k.ext.test(file.name));
  if (!kind) return undefined;
  return `${file.name} is ${kind.what}, not a bank statement: export the statement from the online bank as CSV, CAMT.053, MT940 or BAI2 (or save the sheet as CSV) and upload that.`;
}

function setUpDropZone() {
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) uploadFiles(files);
  });
}

function uploadChosen(event) {
  event.preventDefault();
  const files = [...$("upload-files").files];
  if (!files.length) return notify("Choose or drop one or more files to upload.");
  uploadFiles(files);
}

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

async function uploadFiles(files) {
  const source = $("upload-source").value.trim();
  if (!SOURCE_NAME.test(source)) {
    $("upload-source").focus();
    return notify("Give the files a source first: a known one, or a new name of letters, digits, '.', '-' and '_'.");
  }
  const list = $("upload-list");
  const uploaded = [];
  for (const file of files) {
    const item = el("li", { class: "upload-item" }, el("span", { class: "upload-name" }, file.name));
    list.prepend(item);
    const refusal = await notAStatement(file);
    if (refusal) {
      item.append(el("span", { class: "error" }, refusal));
      continue;
    }
    const bar = el("progress", { max: file.size || 1, value: 0, "aria-label": `Upload of ${file.name}` });
    const status = el("span", { class: "muted" }, "uploading…");
    item.append(bar, status);
    try {
      await putWithProgress(`/admin/files/${encodeURIComponent(source)}/${encodeURIComponent(file.name)}`, file, (sent) => {
        bar.value = sent;
        status.textContent = `${formatBytes(sent)} of ${formatBytes(file.size)}`;
      });
      bar.value = bar.max;
      status.textContent = `uploaded (${formatBytes(file.size)})`;
      uploaded.push({ source, name: file.name, key: `inbox/${source}/${file.name}` });
    } catch (error) {
      if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
      status.className = "error";
      status.textContent = `not uploaded: ${error.message}`;
    }
  }
  $("upload-files").value = "";
  notify(`${uploaded.length} of ${files.length} file${files.length === 1 ? "" : "s"} uploaded to ${source}.`);
  await loadAll();
  if (uploaded.length) await showPreview(uploaded[uploaded.length - 1]);
}

/** A PUT through XMLHttpRequest, whose upload reports progress (fetch does not). */
function putWithProgress(path, file, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", path);
    for (const [name, value] of Object.entries(withKey())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => progress(event.loaded));
    xhr.addEventListener("load", () => {
      if (xhr.status < 300) return resolve(JSON.parse(xhr.responseText));
      let body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not our JSON error: the status says enough.
      }
      reject(new ApiError(xhr.status, body.Title ?? xhr.statusText, body.Detail ?? "The upload failed"));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "Network error", "The service could not be reached")));
    xhr.send(file);
  });
}

// Preview: what ingesting a file would do; for a CSV, the mapping of its columns.

const preview = { timer: undefined };

/**
 * The preview of a file; `editing` a published file's profile, it is read again with the
 * stored profile as a candidate (a published file is previewed only so).
 */
async function showPreview(file, editing = false) {
  const panel = $("preview");
  const body = $("preview-body");
  panel.hidden = false;
  $("preview-title").textContent = `${editing ? "Profile of" : "Preview of"} ${file.source}/${file.name}`;
  body.replaceChildren(el("p", { class: "muted" }, "Reading the file…"));
  try {
    const stored = await storedProfile(file.source);
    const params = new URLSearchParams({ transactions: "10" });
    if (editing) params.set("profile", JSON.stringify(stored ?? {}));
    const result = await api(`/admin/files/${filePath(file)}/preview?${params}`);
    body.replaceChildren(...previewSummary(file, result));
    showMapper(file, result, stored);
    $("preview-title").focus();
  } catch (error) {
    if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
    body.replaceChildren(el("p", { class: "error" }, `No preview: ${error.message}`));
    $("mapper").hidden = true;
  }
}

async function storedProfile(source) {
  try {
    return await api(`/admin/profiles/${encodeURIComponent(source)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

function previewSummary(file, p) {
  const parts = [];
  const counts = p.counts;
  parts.push(el("p", {}, `${p.format ?? "unknown format"}; ${p.mode === "review" ? "held for review when ingested" : "published when ingested"}${p.newSource ? " (a new source)" : ""}. `,
    `${counts.entries} entries: ${p.entries.new} new, ${p.entries.changed.count} changed, ${p.entries.alreadyKnown} already known${p.read.complete || p.failure ? "" : ` (the first ${p.read.events} events read)`}.`));
  if (p.failure) parts.push(el("p", { class: "error", role: "alert" }, `Would fail${p.failure.line === undefined ? "" : ` at line ${p.failure.line}`}: ${p.failure.reason}`));
  if (p.duplicateOf) parts.push(el("p", { class: "error" }, `Same bytes as ${p.duplicateOf}: nothing would be published.`));
  if (p.balances.items.length) {
    parts.push(el("ul", { class: "plain" }, p.balances.items.map((b) => el("li", {}, `${b.accountId} ${b.currency}: ${b.before ? money(b.before.decimal, b.currency) : "none"} → ${b.after ? `${money(b.after.decimal, b.currency)} on ${b.after.date}` : "none"}`))));
  }
  if (p.transactions.length) parts.push(entriesTable(p.transactions, "Entries as they would be served"));
  if (file.state === "held") parts.push(reviewButtons(file));
  else if (p.mode === "review") parts.push(el("p", { class: "muted" }, "This source is in review mode: the next run holds the file, then approve or reject it here."));
  return parts;
}

function entriesTable(transactions, caption) {
  const body = el("tbody", {});
  const table = el("table", {}, el("caption", { class: "visually-hidden" }, caption),
    el("thead", {}, el("tr", {}, ["Booked", "Amount", "Status", "Reference and text", "Line"].map((h, i) => el("th", { scope: "col", class: i === 1 ? "num" : undefined }, h)))), body);
  fillTable(body, transactions.map((tx) => {
    const m = tx.metadata ?? {};
    return el("tr", {}, bookedCell(tx), el("td", { class: "num" }, money(signedOf(tx), tx.currency)), el("td", {}, badge(tx.status)),
      el("td", {}, lines([m.description, m.counterpartyName, m.bankReference])), el("td", { class: "num" }, m.sourceLine ?? ""));
  }));
  return el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption }, table);
}

function reviewButtons(file) {
  const approve = el("button", { type: "button", "aria-label": `Approve ${file.source}/${file.name}` }, "Approve");
  approve.addEventListener("click", () => act(approve, `Approving ${file.source}/${file.name}`, async () => {
    const message = await approveFile(file);
    $("preview").hidden = true;
    return message;
  }));
  return el("div", { class: "review" }, el("p", { class: "muted" }, "Held files publish nothing until approved."), approve,
    reasonForm(file, "Reject", (reason) => api(`/admin/files/${filePath(file)}/reject`, jsonBody({ reason }))));
}

// The column-role picker: a profile made without writing JSON, previewed live.

const ROLES = [
  ["", "not used"], ["bookingDate", "booking date"], ["valueDate", "value date"], ["amount", "amount (signed)"], ["debit", "debit (money out)"],
  ["credit", "credit (money in)"], ["direction", "debit/credit mark"], ["currency", "currency"], ["description", "description"],
  ["counterpartyName", "counterparty name"], ["counterpartyAccount", "counterparty account"], ["reference", "reference"],
  ["balance", "balance"], ["status", "status"],
];

function showMapper(file, result, stored) {
  const mapper = $("mapper");
  const layout = result.layout;
  if (!layout) {
    mapper.hidden = true;
    return;
  }
  mapper.hidden = false;
  const names = layout.names.length ? layout.names : (layout.rows[0]?.cells ?? []).map((_, i) => `column ${i}`);
  const roles = rolesFrom(layout, stored, names);
  const pickers = names.map((name, i) => {
    const id = `role-${i}`;
    const select = el("select", { id, "data-column": i }, ROLES.map(([value, text]) => el("option", { value }, text)));
    select.value = roles[i] ?? "";
    return { name, select, cell: el("th", { scope: "col" }, el("label", { for: id }, name || `column ${i}`), select) };
  });
  const sample = el("tbody", {}, layout.rows.slice(0, 5).map((row) => el("tr", {}, names.map((_, i) => el("td", {}, row.cells[i] ?? "")))));
  const field = (id, label, input) => el("div", { class: "field" }, el("label", { for: id }, label), input);
  const dateFormat = el("input", { id: "map-date-format", value: stored?.dateFormat ?? layout.dateFormat ?? "", placeholder: "DD.MM.YYYY", spellcheck: "false" });
  const decimal = el("select", { id: "map-decimal" }, el("option", { value: "." }, "1,234.56 (point)"), el("option", { value: "," }, "1.234,56 (comma)"));
  decimal.value = stored?.decimalSeparator ?? layout.decimalSeparator ?? ".";
  const accountId = el("input", { id: "map-account-id", value: stored?.account?.id ?? "", placeholder: "IBAN or account number", spellcheck: "false" });
  const accountName = el("input", { id: "map-account-name", value: stored?.account?.name ?? "" });
  const currency = el("input", { id: "map-currency", value: stored?.account?.currency ?? "", placeholder: "EUR", maxlength: 3, spellcheck: "false" });
  const errors = el("div", { id: "map-errors", role: "status", "aria-live": "polite" });
  const live = el("div", { id: "map-preview" });
  const save = el("button", { type: "submit" }, `Save profile for ${file.source}`);
  const form = el(
    "form",
    { id: "mapper-form", "aria-labelledby": "mapper-title" },
    el("h3", { id: "mapper-title" }, stored ? "Edit the profile of this source" : "Map the columns of this layout"),
    el("p", { class: "muted" }, `Detected: ${layout.encoding}, delimiter ${delimiterName(layout.delimiter)}${layout.headerLine ? `, header on line ${layout.headerLine}` : ", no header"}${layout.problem ? `. ${layout.problem}` : ""}.`),
    el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Columns and their roles" },
      el("table", { class: "mapping" }, el("caption", { class: "visually-hidden" }, "Each column's role, and the first rows"), el("thead", {}, el("tr", {}, pickers.map((p) => p.cell))), sample)),
    el("div", { class: "map-fields" },
      field("map-date-format", "Date format", dateFormat), field("map-decimal", "Decimal style", decimal),
      field("map-account-id", "Account id", accountId), field("map-account-name", "Account name", accountName), field("map-currency", "Currency", currency)),
    errors,
    live,
    save,
  );
  const candidate = () => {
    const columns = {};
    const description = [];
    for (const { name, select } of pickers) {
      const column = layout.names.length ? name : Number(select.dataset.column);
      if (select.value === "description") description.push(column);
      else if (select.value) columns[select.value] = column;
    }
    if (description.length) columns.description = description.length === 1 ? description[0] : description;
    const profile = { ...(stored ?? {}), format: "csv", columns, decimalSeparator: decimal.value };
    delete profile.thousandsSeparator;
    if (!layout.names.length) profile.noHeader = true;
    if (dateFormat.value.trim()) profile.dateFormat = dateFormat.value.trim();
    else delete profile.dateFormat;
    const account = { ...(stored?.account ?? {}), id: accountId.value.trim() || undefined, name: accountName.value.trim() || undefined, currency: currency.value.trim().toUpperCase() || undefined };
    for (const key of Object.keys(account)) if (account[key] === undefined) delete account[key];
    if (Object.keys(account).length) profile.account = account;
    else delete profile.account;
    return profile;
  };
  const problems = (profile) => {
    const found = [];
    if (profile.columns.bookingDate === undefined) found.push("Choose the column that holds the booking date.");
    if ([profile.columns.amount, profile.columns.debit, profile.columns.credit].every((c) => c === undefined)) found.push("Choose the amount column, or the debit and credit columns.");
    const used = pickers.map((p) => p.select.value).filter((v) => v && v !== "description");
    const twice = used.find((v, i) => used.indexOf(v) !== i);
    if (twice) found.push(`Two columns are marked ${ROLES.find(([v]) => v === twice)[1]}: keep one.`);
    return found;
  };
  const refresh = async () => {
    const profile = candidate();
    const found = problems(profile);
    errors.replaceChildren(...found.map((f) => el("p", { class: "error" }, f)));
    save.disabled = found.length > 0;
    if (found.length) return live.replaceChildren();
    live.replaceChildren(el("p", { class: "muted" }, "Previewing…"));
    try {
      const params = new URLSearchParams({ transactions: "10", profile: JSON.stringify(profile) });
      const result = await api(`/admin/files/${filePath(file)}/preview?${params}`);
      live.replaceChildren(
        result.failure
          ? el("p", { class: "error" }, `Line ${result.failure.line ?? "?"}: ${result.failure.reason}`)
          : el("p", { class: "ok" }, `${result.counts.entries} entries read, no error.`),
        result.transactions.length ? entriesTable(result.transactions, "Entries as they would be served with this mapping") : "",
      );
    } catch (error) {
      live.replaceChildren(el("p", { class: "error" }, error.detail ?? error.message));
    }
  };
  form.addEventListener("change", () => {
    clearTimeout(preview.timer);
    preview.timer = setTimeout(refresh, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(save, `Saving the profile of ${file.source}`, async () => {
      await api(`/admin/profiles/${encodeURIComponent(file.source)}`, { method: "PUT", body: JSON.stringify(candidate()), headers: { "content-type": "application/json" } });
      return `Profile of ${file.source} saved: its failed files are read again by the next run (Ingest now to run it at once).`;
    });
  });
  mapper.replaceChildren(form);
  refresh();
}

/** Each column's role: from the stored profile when there is one, else the automatic mapping. */
function rolesFrom(layout, stored, names) {
  const roles = [];
  const at = (column) => (typeof column === "number" ? column : names.findIndex((n) => n.toLowerCase() === String(column).toLowerCase()));
  const columns = stored?.columns;
  if (columns) {
    for (const [field, column] of Object.entries(columns)) for (const c of [column].flat()) if (at(c) >= 0) roles[at(c)] = field;
    return roles;
  }
  for (const [field, column] of Object.entries(layout.columns ?? {})) for (const c of [column].flat()) roles[c] = field;
  return roles;
}

function delimiterName(d) {
  return { ",": "comma", ";": "semicolon", "\t": "tab", "|": "bar" }[d] ?? d;
}

// An account's transactions, a page at a time; one transaction's versions; the export.

const txView = { account: undefined, cursor: "", next: null };

function openTransactions(account) {
  txView.account = account;
  $("transactions").hidden = false;
  $("transactions-title").textContent = `Transactions of ${account.name}`;
  $("transaction-detail").hidden = true;
  loadTransactions("").then(() => $("transactions-title").focus());
}

function transactionFilters() {
  const params = new URLSearchParams();
  for (const name of ["from", "to", "q", "status"]) {
    const value = $(`tx-${name}`).value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

async function loadTransactions(cursor) {
  const account = txView.account;
  const params = transactionFilters();
  params.set("pageSize", "20");
  if (cursor) params.set("cursor", cursor);
  const body = $("transactions-body");
  const note = $("transactions-note");
  note.textContent = "Loading…";
  try {
    const page = await api(`/admin/accounts/${encodeURIComponent(account.id)}/transactions?${params}`);
    txView.cursor = cursor;
    txView.next = page.next;
    fillTable(body, page.items.map(accountTransactionRow));
    note.textContent = page.items.length ? `${page.items.length} transaction${page.items.length === 1 ? "" : "s"}${page.next ? "; more on the next page" : ""}.` : "No transaction matches.";
    $("tx-next").disabled = !page.next;
    $("tx-first").disabled = !cursor;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) note.textContent = error.detail;
    else handle(error, (text) => note.replaceChildren(text));
  }
}

function accountTransactionRow(tx) {
  const m = tx.metadata ?? {};
  const detail = el("button", { type: "button", class: "secondary", "aria-label": `Detail of ${m.description ?? tx.id} on ${tx.createdAt.slice(0, 10)}` }, "Detail");
  detail.addEventListener("click", () => showTransaction(tx));
  return el("tr", {}, bookedCell(tx), el("td", { class: "num" }, money(signedOf(tx), tx.currency)), el("td", {}, badge(tx.status)),
    el("td", {}, lines([m.description, m.counterpartyName, m.bankReference])), el("td", { class: "action" }, detail));
}

async function showTransaction(tx) {
  const box = $("transaction-detail");
  box.hidden = false;
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  try {
    const detail = await api(`/admin/transactions/${encodeURIComponent(tx.id)}?day=${tx.createdAt.slice(0, 10)}`);
    const latest = detail.versions[detail.versions.length - 1];
    const m = latest.metadata ?? {};
    const facts = [
      ["Id", detail.id], ["Booked", m.bookingDate ?? tx.createdAt], ["Value date", m.valueDate], ["Amount", money(signedOf(latest), latest.currency)],
      ["Type", latest.type], ["Status", latest.status], ["Counterparty", [m.counterpartyName, m.counterpartyAccount].filter(Boolean).join(", ")],
      ["Description", m.description], ["Bank reference", m.bankReference], ["End-to-end id", m.endToEndId],
    ].filter(([, v]) => v);
    const versions = el("ol", { class: "versions", "aria-label": "Versions served, oldest first" }, detail.versions.map((v) =>
      el("li", {}, `${v.status}, published ${v.updatedAt.slice(0, 19).replace("T", " ")} UTC, from ${v.metadata?.sourceFile ?? "no file"}${v.metadata?.sourceLine ? ` line ${v.metadata.sourceLine}` : ""}`)));
    box.replaceChildren(
      el("h3", { id: "detail-title" }, "Transaction detail"),
      el("dl", { class: "facts" }, facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      el("h4", {}, `${detail.versions.length} version${detail.versions.length === 1 ? "" : "s"} served`),
      versions,
    );
    box.setAttribute("aria-labelledby", "detail-title");
    box.focus();
  } catch (error) {
    handle(error, (text) => box.replaceChildren(text));
  }
}

/** The filtered list as a CSV file: fetched with the key, then saved from memory (a link cannot carry the key). */
async function exportTransactions() {
  const account = txView.account;
  const button = $("tx-export");
  button.disabled = true;
  try {
    const text = await api(`/admin/accounts/${encodeURIComponent(account.id)}/transactions.csv?${transactionFilters()}`, { as: "text" });
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const link = el("a", { href: url, download: `${account.id.replace(/[^A-Za-z0-9._-]/g, "_")}-transactions.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    notify(`Exported ${Math.max(0, text.split("\r\n").length - 2)} transactions of ${account.name} as CSV.`);
  } catch (error) {
    if (isRefusedKey(error)) return signOut(refusedKeyMessage(error));
    notify(`The export failed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// The audit log

const auditView = { next: null };

async function loadAudit(cursor = "") {
  const params = new URLSearchParams({ pageSize: "10" });
  if (cursor) params.set("cursor", cursor);
  const body = $("audit-body");
  try {
    const page = await api(`/admin/audit?${params}`);
    auditView.next = page.next;
    fillTable(body, page.items.length ? page.items.map(auditRow) : [el("tr", {}, el("td", { colspan: 5 }, "Nothing recorded yet."))]);
    $("audit-next").disabled = !page.next;
    $("audit-first").disabled = !cursor;
  } catch (error) {
    handle(error, (text) => body.replaceChildren(el("tr", {}, el("td", { colspan: 5 }, text))));
  }
}

function auditRow(entry) {
  const r = entry.result;
  return el("tr", {}, timeCell(entry.at), el("td", {}, entry.actor.key), el("td", {}, entry.action), el("td", {}, el("code", {}, entry.target ?? "")),
    el("td", {}, r.outcome === "ok" ? `ok (${r.status})` : `failed (${r.status}): ${r.detail ?? r.title ?? ""}`));
}

// The sandbox bank: test accounts whose bank files go into the inbox, and the lifecycle actions on them.

const SANDBOX_OFF = new Set([404, 501]);
const SANDBOX_LATEST = 10;
const sandboxView = { iban: undefined, accounts: [], payments: [], choices: undefined };

/** What each lifecycle action is called, doing it and done: `kind` as POST /admin/sandbox/actions takes it. */
const SANDBOX_ACTIONS = {
  "book-pending": { verb: "Book", doing: "Booking", done: "booked" },
  return: { verb: "Return", doing: "Returning", done: "returned" },
  reverse: { verb: "Reverse", doing: "Reversing", done: "reversed" },
  "execute-payout": { verb: "Execute", doing: "Executing", done: "executed" },
  "reject-payout": { verb: "Reject", doing: "Rejecting", done: "rejected" },
  "return-payout": { verb: "Return", doing: "Returning", done: "returned" },
};

/**
 * The actions offered on an entry or a payment in its state, as src/sandbox/lifecycle.ts allows
 * them (the bank answers any other with a 409): a pending entry is booked; a booked entry that
 * is no return or reversal, and was not returned or reversed, is sent back; a payment not
 * answered yet is executed or, once its pain.001 is out, rejected; one not rejected or returned
 * comes back.
 */
const ENTRY_ACTIONS_IN = { pending: ["book-pending"], booked: ["return", "reverse"] };
const PAYOUT_ACTIONS = [
  { kind: "execute-payout", when: (answer) => !answer },
  { kind: "reject-payout", when: (answer, payment) => !answer && payment.file },
  { kind: "return-payout", when: (answer) => answer !== "rejected" && answer !== "returned" },
];

/** The panel shows only where the sandbox serves (GET /admin/sandbox answers 200): elsewhere it stays hidden, with nothing to say. */
async function loadSandbox() {
  try {
    const view = await api("/admin/sandbox");
    showSandbox(true);
    const [choices, payments] = await Promise.all([sandboxChoices(), sandboxPayments(view.accounts)]);
    fillChoices(choices);
    sandboxView.accounts = view.accounts;
    sandboxView.payments = payments;
    if (!view.accounts.some((a) => a.iban === sandboxView.iban)) sandboxView.iban = view.accounts[0]?.iban;
    renderSandbox(view);
  } catch (error) {
    if (error instanceof ApiError && SANDBOX_OFF.has(error.status)) return showSandbox(false);
    handle(error, (text) => $("sandbox-accounts-body").replaceChildren(el("tr", {}, el("td", { colspan: 6 }, text))));
  }
}

function showSandbox(on) {
  $("sandbox").hidden = !on;
  $("nav-sandbox").hidden = !on;
}

/** The countries, formats and most days the API accepts, read from its own description (/openapi.json), so the page offers what the server takes. */
async function sandboxChoices() {
  if (!sandboxView.choices) {
    const { paths } = await api("/openapi.json");
    const fields = (path) => paths[path].post.requestBody.content["application/json"].schema.properties;
    const account = fields("/admin/sandbox/accounts");
    sandboxView.choices = { countries: account.country.enum, formats: account.format.enum, maxDays: fields("/admin/sandbox/generate").days.maximum };
  }
  return sandboxView.choices;
}

function fillChoices({ countries, formats, maxDays }) {
  for (const [id, values] of [["sandbox-account-country", countries], ["sandbox-beneficiary-country", countries], ["sandbox-account-format", formats]]) {
    if (!$(id).options.length) $(id).replaceChildren(...values.map((v) => el("option", { value: v }, v)));
  }
  $("sandbox-days").max = String(maxDays);
}

/** The payments initiated from test accounts (GET /admin/payments); none while payment initiation is off. */
async function sandboxPayments(accounts) {
  const ibans = new Set(accounts.map((a) => a.iban));
  try {
    return (await api("/admin/payments")).filter((p) => ibans.has(p.sourceAccountId));
  } catch (error) {
    if (error instanceof ApiError && DISABLED_PAYMENTS.has(error.status)) return undefined;
    throw error;
  }
}

function renderSandbox(view) {
  const accounts = view.accounts;
  fillTable($("sandbox-accounts-body"), accounts.length ? accounts.map(sandboxAccountRow) : [el("tr", {}, el("td", { colspan: 6 }, "No test account yet: open one above."))]);
  fillGenerateAccounts(accounts);
  renderSandboxEntries();
  renderSandboxPayments();
  $("sandbox-beneficiaries").replaceChildren(...(view.beneficiaries.length
    ? view.beneficiaries.map((b) => el("li", {}, `${b.name}, `, el("code", {}, b.iban), b.bic ? ` (${b.bic})` : ""))
    : [el("li", { class: "muted" }, "None yet: the accounts pay the beneficiaries opened before their days are generated.")]));
}

/** The generate form's account choices: those chosen stay chosen, a new account is chosen. */
function fillGenerateAccounts(accounts) {
  const fieldset = $("sandbox-generate-accounts");
  const chosen = new Map([...fieldset.querySelectorAll("input")].map((input) => [input.value, input.checked]));
  const boxes = accounts.map((a) => {
    const id = `sandbox-generate-${a.iban}`;
    return el("div", { class: "check" }, el("input", { type: "checkbox", id, name: "iban", value: a.iban, checked: chosen.get(a.iban) ?? true }), el("label", { for: id }, `${a.name} (${a.iban})`));
  });
  fieldset.replaceChildren(fieldset.querySelector("legend"), ...(boxes.length ? boxes : [el("p", { class: "muted hint" }, "Open a test account first.")]));
}

/** A currency's digits after the point: the sandbox states amounts in minor units and names the currency alone. */
const minorDigits = (currency) => new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
const sandboxMoney = (minor, currency) => money(decimalOf(minor, minorDigits(currency)), currency);

function sandboxAccountRow(account) {
  const show = el("button", { type: "button", class: "secondary", "aria-pressed": String(account.iban === sandboxView.iban), "aria-label": `Entries of ${account.name}` }, "Entries");
  show.addEventListener("click", () => {
    sandboxView.iban = account.iban;
    for (const b of $("sandbox-accounts-body").querySelectorAll("button[aria-pressed]")) b.setAttribute("aria-pressed", String(b === show));
    renderSandboxEntries();
  });
  return el(
    "tr",
    {},
    el("th", { scope: "row" }, lines([account.name, el("code", {}, account.iban)])),
    el("td", {}, lines([account.format, el("code", {}, `${account.source}/`)])),
    el("td", { class: "num" }, sandboxMoney(account.balance, account.currency)),
    el("td", {}, el("span", { class: "nowrap" }, account.lastDay)),
    el("td", { class: "num" }, String(account.pending.length)),
    el("td", { class: "action" }, show),
  );
}

/** The chosen account's pending entries, then its latest booked ones, newest first, each with the actions its state allows. */
function renderSandboxEntries() {
  const account = sandboxView.accounts.find((a) => a.iban === sandboxView.iban);
  $("sandbox-entries").hidden = !account;
  if (!account) return;
  // A return or reversal names its original: that original is past returning.
  const undone = new Map(account.recent.filter((e) => e.original).map((e) => [e.original, e.kind === "return" ? "returned" : "reversed"]));
  const latest = account.recent.slice(-SANDBOX_LATEST).reverse();
  $("sandbox-entries-title").textContent = `Entries of ${account.name}`;
  $("sandbox-entries-note").textContent = `${account.pending.length} pending; the latest ${latest.length} of ${account.recent.length} booked entries kept for returns and reversals.`;
  const rows = [...account.pending, ...latest].map((entry) => sandboxEntryRow(account, entry, entry.status === "pending" ? "pending" : undone.get(entry.id) ?? "booked"));
  fillTable($("sandbox-entries-body"), rows.length ? rows : [el("tr", {}, el("td", { colspan: 6 }, "No entries yet: generate some days."))]);
}

function sandboxEntryRow(account, entry, state) {
  const text = [entry.kind, entry.counterparty?.name, entry.description, entry.original && `of ${entry.original}`, entry.returnReason && `reason ${entry.returnReason}`];
  const kinds = entry.original ? [] : ENTRY_ACTIONS_IN[state] ?? [];
  return el(
    "tr",
    {},
    el("th", { scope: "row" }, el("code", {}, entry.id)),
    el("td", {}, el("span", { class: "nowrap" }, entry.day)),
    el("td", { class: "num" }, sandboxMoney(entry.amount, account.currency)),
    el("td", {}, badge(state)),
    el("td", {}, lines(text)),
    el("td", { class: "action" }, sandboxButtons(kinds, entry.id, `entry ${entry.id}`)),
  );
}

function renderSandboxPayments() {
  const payments = sandboxView.payments;
  const table = $("sandbox-payments-table");
  table.hidden = !payments?.length;
  $("sandbox-payments-note").textContent = payments === undefined
    ? "Payment initiation is not enabled on this service."
    : payments.length ? "Newest first; the bank answers a payment by itself once its file has been out a while, or at once from here." : "No payment from a test account yet.";
  if (!payments?.length) return;
  const answered = Object.assign({}, ...sandboxView.accounts.map((a) => a.answered));
  fillTable($("sandbox-payments-body"), payments.map((p) => sandboxPaymentRow(p, answered[p.id])));
}

function sandboxPaymentRow(payment, answer) {
  const kinds = PAYOUT_ACTIONS.filter((a) => a.when(answer, payment)).map((a) => a.kind);
  return el(
    "tr",
    {},
    el("th", { scope: "row" }, lines([`${payment.type} ${payment.id}`, payment.description, payment.createdAt.slice(0, 10)])),
    el("td", {}, badge(payment.status)),
    el("td", { class: "num" }, money(payment.decimal, payment.currency)),
    el("td", {}, el("code", {}, payment.sourceAccountId)),
    el("td", {}, el("code", {}, payment.destinationId)),
    el("td", {}, answer ?? (payment.file ? "none yet" : "none yet (its file is not out)")),
    el("td", { class: "action" }, sandboxButtons(kinds, payment.id, `payment ${payment.id}`)),
  );
}

/** A button per action, each sent as POST /admin/sandbox/actions {kind, target}; the notice says what the bank sent. */
function sandboxButtons(kinds, target, what) {
  const buttons = kinds.map((kind) => {
    const { verb, doing, done } = SANDBOX_ACTIONS[kind];
    const button = el("button", { type: "button", class: "secondary", "aria-label": `${verb} ${what}` }, verb);
    button.addEventListener("click", () => act(button, `${doing} ${what}`, async () => {
      const result = await api("/admin/sandbox/actions", jsonBody({ kind, target }));
      const entries = result.entries.length ? ` with ${result.entries.length} ${result.entries.length === 1 ? "entry" : "entries"}` : "";
      return `${what[0].toUpperCase()}${what.slice(1)} ${done}: the bank sent ${result.file}${entries}; the next ingestion run reads it.`;
    }));
    return button;
  });
  return buttons.length ? el("div", { class: "actions" }, buttons) : "";
}

/** What the bank answered, kept in the panel (an IBAN to copy, the files written) until the next answer. */
function showSandboxAnswer(...content) {
  const box = $("sandbox-answer");
  box.hidden = false;
  box.replaceChildren(...content);
}

function sandboxForm(id, doing, send) {
  const form = $(id);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, String(value).trim()]).filter(([, value]) => value));
    act(form.querySelector("button[type=submit]"), doing, () => send(values, form));
  });
}

async function openSandboxAccount(values, form) {
  const account = await api("/admin/sandbox/accounts", jsonBody(values));
  form.reset();
  sandboxView.iban = account.iban;
  const facts = [["IBAN", account.iban], ["BIC", account.bic], ["Statement format", account.format], ["Source folder", `inbox/${account.source}/`], ["Balance", `${sandboxMoney(account.balance, account.currency)} at the end of ${account.lastDay}`], ["Seed", account.seed]];
  showSandboxAnswer(el("h3", {}, `Test account ${account.name} opened`), el("dl", { class: "facts" }, facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
  return `Test account ${account.name} opened: ${account.iban}, its files go to inbox/${account.source}/.`;
}

async function openSandboxBeneficiary(values, form) {
  const beneficiary = await api("/admin/sandbox/beneficiaries", jsonBody(values));
  form.reset();
  const facts = [["IBAN", beneficiary.iban], ["BIC", beneficiary.bic]].filter(([, v]) => v);
  showSandboxAnswer(el("h3", {}, `Beneficiary ${beneficiary.name} opened`), el("dl", { class: "facts" }, facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    el("p", { class: "muted" }, "The test accounts pay it in the days generated from now on."));
  return `Beneficiary ${beneficiary.name} opened: ${beneficiary.iban}.`;
}

async function generateSandboxDays(values, form) {
  const ibans = [...form.querySelectorAll("input[name=iban]:checked")].map((input) => input.value);
  if (!ibans.length) return "Choose at least one test account to generate activity for.";
  const generated = await api("/admin/sandbox/generate", jsonBody({ accounts: ibans.map((iban) => ({ iban })), days: Number(values.days) }));
  const files = generated.flatMap((g) => g.files);
  const ingest = el("button", { type: "button" }, "Ingest now");
  ingest.addEventListener("click", ingestNow);
  showSandboxAnswer(
    el("h3", {}, `${files.length} file${files.length === 1 ? "" : "s"} written to the inbox`),
    el("ul", { class: "plain" }, generated.map((g) => el("li", {}, lines([
      `${g.iban}: ${g.statements.length} statements from ${g.statements[0]?.day} to ${g.statements[g.statements.length - 1]?.day}, ${g.pending.length} ${g.pending.length === 1 ? "entry" : "entries"} left pending`,
      ...g.files.map((f) => el("code", {}, f)),
    ])))),
    el("p", {}, "The next ingestion run publishes them. ", ingest),
  );
  return `${files.length} file${files.length === 1 ? "" : "s"} of ${values.days} days written; the next ingestion run publishes them.`;
}

function resetSandbox() {
  Object.assign(sandboxView, { iban: undefined, accounts: [], payments: [] });
  $("sandbox-answer").hidden = true;
  $("sandbox-answer").replaceChildren();
  showSandbox(false);
}

function setUpSandbox() {
  sandboxForm("sandbox-account-form", "Opening the test account", openSandboxAccount);
  sandboxForm("sandbox-beneficiary-form", "Opening the beneficiary", openSandboxBeneficiary);
  sandboxForm("sandbox-generate-form", "Generating activity", generateSandboxDays);
}

// Session

async function loadAll() {
  const [files] = await Promise.all([loadFiles(), loadAccounts(), loadRuns(), loadPayments(), loadAudit(), loadSandbox()]);
  watchProgress(files);
}

// Live: while a file is being read over several runs, the files and runs refresh themselves.

const LIVE_MS = 2000;
let liveTimer;

function watchProgress(files) {
  clearTimeout(liveTimer);
  if (!files.some((f) => f.state === "ingesting") || $("dashboard").hidden) return;
  liveTimer = setTimeout(async () => {
    const [current] = await Promise.all([loadFiles(), loadRuns()]);
    if (current.some((f) => f.state === "ingesting")) watchProgress(current);
    else await loadAll();
  }, LIVE_MS);
}

function showDashboard(signedIn) {
  $("sign-in").hidden = signedIn;
  $("dashboard").hidden = !signedIn;
  $("nav").hidden = !signedIn;
  $("session").hidden = !signedIn;
}

function signOut(message = "") {
  clearTimeout(liveTimer);
  sessionStorage.removeItem(KEY_STORAGE);
  resetSandbox();
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
  $("files-filter").addEventListener("change", () => filesPage(""));
  for (const state of STATES) $("filter-state").append(el("option", { value: state }, state));
  $("files-next").addEventListener("click", () => filesPage(filesView.next));
  $("files-first").addEventListener("click", () => filesPage(""));
  $("upload-form").addEventListener("submit", uploadChosen);
  setUpDropZone();
  setUpSandbox();
  $("preview-close").addEventListener("click", () => ($("preview").hidden = true));
  $("transactions-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadTransactions("");
  });
  $("transactions-close").addEventListener("click", () => ($("transactions").hidden = true));
  $("tx-next").addEventListener("click", () => loadTransactions(txView.next));
  $("tx-first").addEventListener("click", () => loadTransactions(""));
  $("tx-export").addEventListener("click", exportTransactions);
  $("audit-next").addEventListener("click", () => loadAudit(auditView.next));
  $("audit-first").addEventListener("click", () => loadAudit(""));
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
