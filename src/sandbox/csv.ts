import { exponentOf } from "../model/money";
import type { SandboxStatement } from "./bank";
import { decimal } from "./codes";

/** The columns of an online bank's export, as the CSV reader knows them by name. */
export const CSV_HEADER = ["Booking Date", "Value Date", "Reference", "Description", "Payee", "IBAN", "Amount", "Currency", "Balance"];

/**
 * A CSV export of booked entries, oldest first, with the running balance after each: the
 * balance of a statement's last row is its closing balance. Commas and quotes in text are quoted.
 */
export function csv(statements: readonly SandboxStatement[]): string {
  const rows = [CSV_HEADER.join(",")];
  for (const s of statements) {
    const exponent = exponentOf(s.account.currency);
    let balance = s.opening;
    for (const e of s.entries.filter((entry) => entry.status === "booked")) {
      const amount = BigInt(e.amount);
      balance += amount;
      const signed = (minor: bigint) => `${minor < 0n ? "-" : ""}${decimal(minor, exponent)}`;
      const cells = [e.day, e.valueDate, e.id, e.description, e.counterparty?.name ?? "", e.counterparty?.iban ?? "", signed(amount), s.account.currency, signed(balance)];
      rows.push(cells.map(cell).join(","));
    }
  }
  return rows.join("\n") + "\n";
}

function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
