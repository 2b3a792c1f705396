import { exponentOf } from "../model/money";
import type { SandboxAccount, SandboxEntry, SandboxStatement } from "./bank";
import { codesOf, decimal, yymmdd } from "./codes";

/** SWIFT lines hold 65 characters; :86: holds six of them. */
const LINE = 65;

/**
 * SWIFT MT940 customer statements, one per statement: :20: reference, :25: the IBAN, :28C:
 * statement number, :60F: and :62F: balances, a :61: per booked entry (C, D, or RC/RD for a
 * reversal; the bank's reference after //) with its :86: in the Dutch structured layout
 * (/EREF/ end-to-end id, /NAME/, /IBAN/, /BIC/, /REMI/ remittance, /RTRN/ a return's reason).
 */
export function mt940(statements: readonly SandboxStatement[], reference: string): string {
  return statements
    .map((s) => {
      const { account } = s;
      const booked = s.entries.filter((e) => e.status === "booked");
      return [
        `:20:${reference}`,
        `:25:${account.iban}`,
        `:28C:${String(s.number).padStart(5, "0")}/1`,
        `:60F:${balance(s.opening, s.day, account)}`,
        ...booked.flatMap((e) => statementLine(e, account)),
        `:62F:${balance(s.closing, s.day, account)}`,
        "-",
      ].join("\r\n");
    })
    .join("\r\n") + "\r\n";
}

/** An MT942 interim report of entries not booked yet: they move no balance, and the MT940 of their booking day books them. */
export function mt942(account: SandboxAccount, entries: readonly SandboxEntry[], reference: string, number: number, createdAt: string): string {
  const exponent = exponentOf(account.currency);
  const sum = (debit: boolean) => entries.filter((e) => BigInt(e.amount) < 0n === debit);
  const total = (list: SandboxEntry[]) => decimal(list.reduce((s, e) => s + BigInt(e.amount), 0n), exponent, ",");
  const time = `${yymmdd(createdAt.slice(0, 10))}${createdAt.slice(11, 13)}${createdAt.slice(14, 16)}+0000`;
  return [
    `:20:${reference}`,
    `:25:${account.iban}`,
    `:28C:${String(number).padStart(5, "0")}/1`,
    `:34F:${account.currency}0,`,
    `:13D:${time}`,
    ...entries.flatMap((e) => statementLine(e, account)),
    `:90D:${sum(true).length}${account.currency}${total(sum(true))}`,
    `:90C:${sum(false).length}${account.currency}${total(sum(false))}`,
    "-",
  ].join("\r\n") + "\r\n";
}

function balance(amount: bigint, day: string, account: SandboxAccount): string {
  return `${amount < 0n ? "D" : "C"}${yymmdd(day)}${account.currency}${decimal(amount, exponentOf(account.currency), ",")}`;
}

function statementLine(e: SandboxEntry, account: SandboxAccount): string[] {
  const amount = BigInt(e.amount);
  // RC reverses a credit (money goes out), RD a debit (money comes in).
  const mark = e.reversal ? (amount < 0n ? "RC" : "RD") : amount < 0n ? "D" : "C";
  const line = `:61:${yymmdd(e.valueDate)}${e.day.slice(5).replace("-", "")}${mark}${decimal(amount, exponentOf(account.currency), ",")}${codesOf(e).swift}NONREF//${e.id}`;
  return [line, ...information(e)];
}

function information(e: SandboxEntry): string[] {
  const party = e.counterparty;
  const tags: [string, string | undefined][] = [
    ["EREF", e.endToEndId],
    ["NAME", party?.name],
    ["IBAN", party?.iban],
    ["BIC", party?.bic],
    ["RTRN", e.returnReason],
  ];
  const fields = tags.filter(([, value]) => value).map(([tag, value]) => `/${tag}/${swiftText(value!)}`);
  const text = `${fields.join("")}/REMI/USTD//${swiftText(e.description)}/`;
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += LINE) lines.push(text.slice(i, i + LINE));
  return [`:86:${lines[0]}`, ...lines.slice(1, 6)];
}

/** The SWIFT X character set: letters, digits, blank and / - ? : ( ) . , ' +; anything else becomes a blank, and / (the layout's delimiter) and : (a field's start) too. */
function swiftText(text: string): string {
  return text.replace(/[^A-Za-z0-9 \-?().,'+]/g, " ");
}
