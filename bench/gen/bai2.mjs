import { ACCOUNT_IBAN } from "./ledger.mjs";

// BAI2 with one group per booking day (02 as-of date, 03 with opening 010 and closing 015 ledger
// balances, a 16 per entry, 49 and 98 trailers) and the 99 file trailer. Control totals are the
// sums the BAI2 specification asks for: every amount of a group's 03 and 16 records, signed as written.
const yymmdd = (day) => day.slice(2).replaceAll("-", "");
// 195 incoming wire, 495 outgoing wire: the type code carries the direction, the amount is unsigned.
const typeCode = (minor) => (minor < 0 ? "495" : "195");

/** Running totals for the trailers: day() is called in order, so the file's totals build up as it goes. */
let file = { total: 0n, records: 0, groups: 0 };

export const bai2 = {
  header() {
    file = { total: 0n, records: 1, groups: 0 };
    return "01,BENCHBANK,BENCHCORP,260101,0000,1,,,2/\n";
  },
  day({ day, entries, opening, closing }) {
    const date = yymmdd(day);
    let total = BigInt(opening) + BigInt(closing);
    let out = `03,${ACCOUNT_IBAN},EUR,010,${opening},,,015,${closing},,/\n`;
    for (const e of entries) {
      total += BigInt(Math.abs(e.amount));
      out += `16,${typeCode(e.amount)},${Math.abs(e.amount)},Z,${e.reference},,${e.text}${e.iban ? ` ${e.iban}` : ""} ${e.name}/\n`;
    }
    const accountRecords = entries.length + 2;
    out += `49,${total},${accountRecords}/\n`;
    const groupRecords = accountRecords + 2;
    file.total += total;
    file.records += groupRecords;
    file.groups++;
    return `02,BENCHCORP,BENCHBANK,1,${date},2400,EUR,2/\n${out}98,${total},1,${groupRecords}/\n`;
  },
  footer: () => `99,${file.total},${file.groups},${file.records + 1}/\n`,
};
