import type { BalanceKind, Undoing } from "../../model/statement";
import type { Fields } from "./fields";

export type Direction = "credit" | "debit" | "nonMonetary";

type Range = readonly [from: number, to: number];

/**
 * Which way a 16 detail moves money, by the "Transaction" column of the BAI2 type code
 * table (BAI Cash Management Balance Reporting Specifications, 2005). 900-999 are the
 * customised codes, whose ranges the specification fixes: 920-959 credits, 960-999 debits.
 */
const DIRECTIONS: ReadonlyArray<readonly [...Range, Direction]> = [
  [100, 399, "credit"],
  [400, 699, "debit"],
  [720, 728, "credit"], // loan payment and the amounts applied from it
  [760, 760, "debit"], // loan disbursement
  [890, 890, "nonMonetary"], // "contains non-monetary information"
  [920, 959, "credit"],
  [960, 999, "debit"],
];

/** Account status codes (balances, floats, loan status; 900-919 customised): no direction. */
const STATUS: readonly Range[] = [
  [1, 99],
  [701, 709],
  [900, 919],
];

/** Reads a type code field: three digits, or blank. */
export function typeCode(fields: Fields): string {
  const code = fields.next();
  if (code !== "" && !/^\d{3}$/.test(code)) fields.fail(`type code "${code}" is not a three-digit BAI2 type code`);
  return code;
}

export function isStatusCode(code: string): boolean {
  const n = Number(code);
  return STATUS.some(([from, to]) => n >= from && n <= to);
}

export function direction(code: string): Direction | undefined {
  const n = Number(code);
  return DIRECTIONS.find(([from, to]) => n >= from && n <= to)?.[2];
}

/** What a status code in an 03 says; `interim` when the group's as-of-date modifier is 1 or 3. */
export function balanceKind(code: string, interim: boolean): BalanceKind {
  switch (code) {
    case "010":
      return interim ? "interimOpening" : "opening";
    case "015":
      return interim ? "interimClosing" : "closing";
    case "040":
    case "045":
      return "available";
    default:
      return "other";
  }
}

/**
 * Detail type codes that send a payment back (BAI2 type code table): returned items (255, 257,
 * 261, 266 credits; 555, 557, 561, 566 debits) and reversals (252, 258 credits; 552, 558, 694
 * debits). Corrections of a posting error (254, 554) are the bank's own and undo no payment.
 */
const UNDOING: Readonly<Record<string, Undoing>> = {
  "255": "return", "257": "return", "261": "return", "266": "return",
  "555": "return", "557": "return", "561": "return", "566": "return",
  "252": "reversal", "258": "reversal", "552": "reversal", "558": "reversal", "694": "reversal",
};

export function undoing(code: string): Undoing | undefined {
  return Object.hasOwn(UNDOING, code) ? UNDOING[code] : undefined;
}
