import type { Day } from "../../model/day";
import { formatDecimal, fromMinor } from "../../model/money";
import type { Fields } from "./fields";

/** The funds type of an 03 item or a 16 detail, with the fields it brings along. */
export interface Funds {
  /** As written: 0, 1, 2, V, S, D, Z or blank. */
  type: string;
  valueDate?: Day | undefined;
  /** Availability facts for a reconciler, amounts as decimals. */
  details: Record<string, string>;
}

/** Funds types without extra fields: immediate, one-day, two-or-more-day, unknown, unstated. */
const PLAIN = new Set(["0", "1", "2", "Z", ""]);

/**
 * Reads a funds type and its extra fields, which must all be consumed so that the bank and
 * customer references (16) or the next item (03) are read from the right fields.
 */
export function readFunds(fields: Fields, currency: string): Funds {
  const type = fields.next();
  if (PLAIN.has(type)) return { type, details: {} };
  if (type === "V") return valueDated(fields);
  if (type === "S") return { type, details: splitAvailability(fields, currency) };
  if (type === "D") return { type, details: { availability: distributedAvailability(fields, currency) } };
  return fields.fail(`funds type "${type}" is not one of 0, 1, 2, V, S, D or Z`);
}

function valueDated(fields: Fields): Funds {
  const valueDate = fields.day("value date");
  const valueTime = fields.next();
  return { type: "V", valueDate, details: valueTime ? { valueTime } : {} };
}

/** S: amounts available immediately, in one day, and in two or more days. */
function splitAvailability(fields: Fields, currency: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const key of ["availableNow", "availableIn1Day", "availableIn2PlusDays"]) {
    const minor = fields.amount("availability amount");
    if (minor !== undefined) details[key] = formatDecimal(fromMinor(minor, currency));
  }
  return details;
}

/** D: a count, then that many (days, amount) pairs; written "0d 1000.00, 1d 250.00". */
function distributedAvailability(fields: Fields, currency: string): string {
  const count = fields.count("number of distributed availability items") ?? fields.fail("funds type D has no number of availability items");
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const days = fields.count("availability days") ?? fields.fail(`funds type D announces ${count} availability items but item ${i + 1} has no days`);
    const minor = fields.amount("availability amount") ?? fields.fail(`funds type D availability item ${i + 1} has no amount`);
    parts.push(`${days}d ${formatDecimal(fromMinor(minor, currency))}`);
  }
  return parts.join(", ");
}
