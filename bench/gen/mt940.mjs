import { ACCOUNT_IBAN, decimal } from "./ledger.mjs";

// MT940 with one statement per booking day: :60F: opening, :61:/:86: per entry, :62F: closing.
const yymmdd = (day) => day.slice(2).replaceAll("-", "");
const mark = (minor) => (minor < 0 ? "D" : "C");
const money = (minor) => decimal(Math.abs(minor), ",");

export const mt940 = {
  header: () => "",
  day({ day, entries, opening, closing }, index) {
    const date = yymmdd(day);
    let out = `:20:BENCH${date}\n:25:${ACCOUNT_IBAN}\n:28C:${index + 1}/1\n:60F:${mark(opening)}${date}EUR${money(opening)}\n`;
    for (const e of entries) {
      out += `:61:${date}${date.slice(2)}${mark(e.amount)}${money(e.amount)}NTRFNONREF//${e.reference}\n`;
      out += `:86:${e.text}${e.iban ? ` ${e.iban}` : ""} ${e.name}\n`;
    }
    return `${out}:62F:${mark(closing)}${date}EUR${money(closing)}\n`;
  },
  footer: () => "",
};
