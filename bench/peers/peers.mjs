// Other parsers of the same formats from npm (dev dependencies of the bench only), each reduced to
// what the project's parser is checked by: the number of entries, and the closing balances in
// minor units in the order of the file. Each takes the whole decoded text, as its API asks.
import { parse as csvParse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { CashManagementEndOfDayReport } from "iso20022.js";
import { read as mt940jsRead } from "mt940-js";
import mt940js from "mt940js";
import Papa from "papaparse";
import { SaxesParser } from "saxes";

/** A decimal number (or its text) in minor units of a two-decimal currency, signed by `debit`. */
const minor = (value, debit = false) => BigInt(Math.round(Number(value) * 100)) * (debit ? -1n : 1n);

/** The generated CSV: a header, then rows whose last cell is the running balance. */
function csvResult(rows) {
  const body = rows.slice(1).filter((row) => row.length > 1);
  return { entries: body.length, closings: body.length > 0 ? [minor(body.at(-1).at(-1))] : [] };
}

const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const CLBD = (code) => code === "CLBD";

/**
 * The reference walk for CAMT.053: saxes with namespaces on (a widely used XML reader, which the
 * project read XML with before its own scanner), counting Ntry and taking each CLBD balance's
 * amount and sign, with no tree and no checks.
 */
function saxesWalk(text) {
  const parser = new SaxesParser({ xmlns: true });
  let entries = 0;
  const closings = [];
  const path = [];
  let textOf = "";
  let balance;
  parser.on("opentag", (tag) => {
    path.push(tag.local);
    textOf = "";
    if (tag.local === "Bal") balance = {};
  });
  parser.on("text", (t) => (textOf += t));
  parser.on("closetag", (tag) => {
    const name = path.pop();
    if (name === "Ntry") entries++;
    else if (balance && name === "Cd" && path.at(-2) === "Tp") balance.code = textOf;
    else if (balance && name === "Amt") balance.amount = textOf;
    else if (balance && name === "CdtDbtInd") balance.debit = textOf === "DBIT";
    else if (name === "Bal") {
      if (CLBD(balance.code)) closings.push(minor(balance.amount, balance.debit));
      balance = undefined;
    }
    textOf = "";
    void tag;
  });
  parser.write(text).close();
  return { entries, closings };
}

function fastXml(text) {
  const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, isArray: (name) => ["Stmt", "Ntry", "Bal"].includes(name) });
  const statements = list(parser.parse(text).Document.BkToCstmrStmt.Stmt);
  const closings = statements.flatMap((s) =>
    list(s.Bal)
      .filter((b) => CLBD(b.Tp.CdOrPrtry.Cd))
      .map((b) => minor(b.Amt["#text"], b.CdtDbtInd === "DBIT")),
  );
  return { entries: statements.reduce((n, s) => n + list(s.Ntry).length, 0), closings };
}

function iso20022(text) {
  const report = CashManagementEndOfDayReport.fromXML(text);
  const closings = report.statements.flatMap((s) =>
    s.balances.filter((b) => CLBD(b.type)).map((b) => minor(b.amount, b.creditDebitIndicator === "debit")),
  );
  return { entries: report.entries.length, closings };
}

function mt940jsParse(text) {
  const statements = new mt940js.Parser().parse(text);
  return { entries: statements.reduce((n, s) => n + s.transactions.length, 0), closings: statements.map((s) => minor(s.closingBalance)) };
}

async function mt940JsParse(text) {
  const statements = await mt940jsRead(Buffer.from(text));
  return {
    entries: statements.reduce((n, s) => n + s.transactions.length, 0),
    closings: statements.map((s) => minor(s.closingBalance.value, !s.closingBalance.isCredit)),
  };
}

/** Per format, the peers: name, and a parse of the decoded text to { entries, closings }. */
export const PEERS = {
  csv: [
    { name: "csv-parse", parse: (text) => csvResult(csvParse(text, { relax_column_count: true })) },
    { name: "papaparse", parse: (text) => csvResult(Papa.parse(text, { skipEmptyLines: true }).data) },
  ],
  camt053: [
    { name: "saxes walk (xmlns)", parse: saxesWalk },
    { name: "fast-xml-parser", parse: fastXml },
    { name: "iso20022.js", parse: iso20022 },
  ],
  mt940: [
    { name: "mt940js", parse: mt940jsParse },
    { name: "mt940-js", parse: mt940JsParse },
  ],
  bai2: [],
};
