import type { Day } from "../../model/day";
import type { Money } from "../../model/money";
import { FileError } from "../../model/statement";
import type { Field } from "./fields";
import { cleanText, entryDate, swiftAmount, swiftDate } from "./values";

/** What a :61: statement line says. */
export interface StatementLine {
  valueDate: Day;
  entryDate?: Day | undefined;
  /** Signed from the account holder's view. */
  amount: Money;
  reversal: boolean;
  fundsCode?: string | undefined;
  /** 'NTRF', 'FMSC', 'S103'... */
  transactionType?: string | undefined;
  customerReference?: string | undefined;
  bankReference?: string | undefined;
  supplementary?: string | undefined;
}

/**
 * The mark is C, D, RC (reversal of a credit: money goes out) or RD (reversal of a debit: money
 * comes in); a letter after it is the funds code (third letter of the currency code). So 'DR12,'
 * is a debit with funds code R (Sparkasse, Danske FI) and 'RD12,' a reversed debit. The amount
 * may follow a blank (Commerzbank writes '12,35 NRTI').
 */
const HEAD = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,.]*)\s*(.*)$/;

const N = 78;
const F = 70;
const S = 83;

/** SWIFT customer references have 16 characters. */
const REFERENCE_LENGTH = 16;

export function parseStatementLine(field: Field, currency: string): StatementLine {
  const text = field.lines[0] ?? "";
  const m = HEAD.exec(text);
  if (!m) throw explain(field, text);
  const valueDate = swiftDate(m[1]!);
  if (!valueDate) throw new FileError(`:61: value date "${m[1]}" is not a valid YYMMDD date`, field.line);
  const booked = m[2] === undefined ? undefined : entryDate(m[2], valueDate);
  if (m[2] !== undefined && !booked) throw new FileError(`:61: entry date "${m[2]}" is not a valid MMDD date`, field.line);
  const mark = m[3]!;
  const magnitude = swiftAmount(m[5]!, currency, field);
  const moneyIn = mark === "C" || mark === "RD";
  const refs = references(m[6]!, field.lines.length > 1 ? field.lines.slice(1) : []);
  return {
    valueDate,
    entryDate: booked,
    amount: moneyIn ? magnitude : { ...magnitude, minor: -magnitude.minor },
    reversal: mark.startsWith("R"),
    fundsCode: m[4],
    transactionType: refs.transactionType,
    customerReference: refs.customerReference,
    bankReference: refs.bankReference,
    supplementary: refs.supplementary,
  };
}

type References = Pick<StatementLine, "transactionType" | "customerReference" | "bankReference" | "supplementary">;

/**
 * Transaction type (N, F or S and three characters), customer reference, '//' bank reference,
 * and the supplementary details on the next line. The type is missing in some exports (Penta
 * writes only 'NONREF', Zenith Bank starts with '//'). German banks put the SEPA keyword
 * 'KREF+' before the customer reference, alone when there is none (Commerzbank, LBBW).
 */
function references(rest: string, more: string[]): References {
  const first = rest.charCodeAt(0);
  const typed = (first === N || first === F || first === S) && !rest.startsWith("NONREF");
  const type = typed ? rest.slice(0, 4) : undefined;
  const refs = typed ? rest.slice(4) : rest;
  const split = refs.indexOf("//");
  const [customer, overflow] = split >= 0 ? [refs.slice(0, split), ""] : customerAndOverflow(refs.trimEnd());
  return {
    transactionType: cleanText(type ?? ""),
    customerReference: reference(customer.includes("KREF+") ? customer.replace(/^\s*KREF\+/, "") : customer),
    bankReference: reference(split >= 0 ? refs.slice(split + 2) : ""),
    supplementary: cleanText(more.length === 0 ? overflow : [overflow, ...more].join(" ")),
  };
}

/**
 * Old Rabobank files pad the 16-character reference with blanks and write the counterparty's
 * name after it ('0121470966      W.P. Jansen'); ASN writes an 18-character IBAN as reference.
 * So a longer text is cut at its first run of blanks, if it has one.
 */
function customerAndOverflow(refs: string): [string, string] {
  const gap = refs.length > REFERENCE_LENGTH ? /\s{2,}/.exec(refs) : null;
  return gap ? [refs.slice(0, gap.index), refs.slice(gap.index)] : [refs, ""];
}

/**
 * 'NONREF' is SWIFT's word for "no reference"; Rabobank and ING write 'EREF' to say the
 * reference is the end-to-end id in :86:.
 */
function reference(text: string): string | undefined {
  const clean = cleanText(text);
  return clean === "NONREF" || clean === "EREF" ? undefined : clean;
}

/** Says which part of an unreadable :61: is wrong. */
function explain(field: Field, text: string): FileError {
  const fail = (what: string) => new FileError(`:61: ${what} in "${text.trim()}"`, field.line);
  if (!/^\d{6}/.test(text)) return fail("expected a YYMMDD value date at the start");
  const afterDates = text.slice(6).replace(/^\d{4}/, "");
  if (!/^R?[CD]/.test(afterDates)) return fail("expected the debit/credit mark C, D, RC or RD after the date");
  return fail("expected an amount after the debit/credit mark");
}
