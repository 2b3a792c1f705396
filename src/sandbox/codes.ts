import type { EntryKind, SandboxEntry } from "./bank";

/**
 * The codes each kind of entry is booked under: ISO 20022 bank transaction code (domain, family,
 * sub-family), the SWIFT MT940 transaction type (N + 3 letters), and the BAI2 type code (100-399
 * credits, 400-699 debits, so the code gives the direction; a kind that goes either way has one
 * of each).
 */
interface Codes {
  camt: readonly [string, string, string];
  swift: string;
  bai2: string | { credit: string; debit: string };
}

const CODES: Readonly<Record<EntryKind, Codes>> = {
  salary: { camt: ["PMNT", "RCDT", "SALA"], swift: "NTRF", bai2: "142" },
  "customer-payment": { camt: ["PMNT", "RCDT", "ESCT"], swift: "NTRF", bai2: "195" },
  supplier: { camt: ["PMNT", "ICDT", "ESCT"], swift: "NTRF", bai2: "495" },
  rent: { camt: ["PMNT", "ICDT", "STDO"], swift: "NSTO", bai2: "495" },
  card: { camt: ["PMNT", "CCRD", "POSD"], swift: "NMSC", bai2: "699" },
  fee: { camt: ["ACMT", "MDOP", "CHRG"], swift: "NCHG", bai2: "698" },
  payout: { camt: ["PMNT", "ICDT", "ESCT"], swift: "NTRF", bai2: "495" },
  // A return item, credit or debit (BAI2 266 and 566); a bank's reversal: "other" with RvslInd or RC/RD, BAI2 252 and 552.
  return: { camt: ["PMNT", "RCDT", "RRTN"], swift: "NRTI", bai2: { credit: "266", debit: "566" } },
  reversal: { camt: ["PMNT", "OTHR", "OTHR"], swift: "NMSC", bai2: { credit: "252", debit: "552" } },
  "payout-return": { camt: ["PMNT", "ICDT", "RRTN"], swift: "NRTI", bai2: "266" },
  "transfer-in": { camt: ["PMNT", "RCDT", "BOOK"], swift: "NTRF", bai2: "195" },
};

export function codesOf(entry: SandboxEntry): { camt: Codes["camt"]; swift: string; bai2: string } {
  const { camt, swift, bai2 } = CODES[entry.kind];
  return { camt, swift, bai2: typeof bai2 === "string" ? bai2 : BigInt(entry.amount) < 0n ? bai2.debit : bai2.credit };
}

/** `1234.56` for minor units 123456 of a currency with 2 decimals; the absolute value, with `separator`. */
export function decimal(minor: bigint, exponent: number, separator = "."): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return separator === "," ? `${digits},` : digits;
  return `${digits.slice(0, -exponent)}${separator}${digits.slice(-exponent)}`;
}

export function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** YYMMDD of a day, as SWIFT and BAI2 write dates. */
export const yymmdd = (day: string) => day.slice(2).replace(/-/g, "");
