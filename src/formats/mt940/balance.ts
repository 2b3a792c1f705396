import { isCurrency } from "../../model/currencies";
import type { Day } from "../../model/day";
import type { Money } from "../../model/money";
import { FileError, type BalanceKind } from "../../model/statement";
import type { Field } from "./fields";
import { swiftAmount, swiftDate } from "./values";

const BALANCE_KINDS: Readonly<Record<string, BalanceKind>> = {
  "60F": "opening",
  "60M": "interimOpening",
  "62F": "closing",
  "62M": "interimClosing",
  "64": "available",
  "65": "forwardAvailable",
};

export interface SwiftBalance {
  kind: BalanceKind;
  date: Day;
  /** Signed: D (debit) makes it negative. */
  amount: Money;
}

/** `kind` of a balance tag, undefined for tags that are no balance. */
export function balanceKind(tag: string): BalanceKind | undefined {
  return BALANCE_KINDS[tag] ?? (tag.startsWith("65") ? "forwardAvailable" : undefined);
}

/** A balance field: D/C mark, YYMMDD, currency, amount ('C110522EUR3236,28'). */
export function parseBalance(field: Field, kind: BalanceKind): SwiftBalance {
  const value = (field.lines[0] ?? "").trim();
  const m = /^([CD])(.{6})(.{3})(.*)$/.exec(value);
  const fail = (what: string) => new FileError(`:${field.tag}: ${what} in "${value}"`, field.line);
  if (!m) throw fail("expected D or C, a YYMMDD date, a currency and an amount");
  const [mark, dateText, currency, amountText] = [m[1]!, m[2]!, m[3]!, m[4]!];
  const date = swiftDate(dateText);
  if (!date) throw fail(`date "${dateText}" is not a valid YYMMDD date`);
  if (!isCurrency(currency)) throw fail(`currency "${currency}" is not an ISO 4217 code`);
  if (!/^\d[\d,.]*$/.test(amountText)) throw fail(`amount "${amountText}" is not a number with decimal separator ","`);
  const amount = swiftAmount(amountText, currency, field);
  return { kind, date, amount: mark === "D" ? { ...amount, minor: -amount.minor } : amount };
}
