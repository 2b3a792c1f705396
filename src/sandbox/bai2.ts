import type { SandboxStatement } from "./bank";
import { codesOf, yymmdd } from "./codes";

/**
 * A BAI2 file (Cash Management Balance Reporting Specifications Version 2), one group per
 * statement: 02 group header as of the statement's day, 03 account identifier with the opening
 * (010) and closing (015) ledger balances, a 16 per booked entry (type code by kind, amount in
 * minor units without sign, the bank's reference, the end-to-end id as customer reference, the
 * text), the 49, 98 and 99 trailers with their control totals and record counts.
 */
export function bai2(statements: readonly SandboxStatement[], fileId: string, createdAt: string): string {
  const records: string[] = [];
  let fileTotal = 0n;
  let fileRecords = 0;
  const header = `01,SANDBOX,${statements[0]?.account.bic ?? "SANDBOX"},${yymmdd(createdAt.slice(0, 10))},${createdAt.slice(11, 13)}${createdAt.slice(14, 16)},${fileId},,,2/`;
  for (const s of statements) {
    const { account } = s;
    const details = s.entries
      .filter((e) => e.status === "booked")
      .map((e) => {
        const amount = BigInt(e.amount);
        return { amount: amount < 0n ? -amount : amount, record: (a: bigint) => `16,${codesOf(e).bai2},${a},Z,${e.id},${e.endToEndId ?? ""},${bai2Text(e.description)}/` };
      });
    const accountTotal = s.opening + s.closing + details.reduce((sum, d) => sum + d.amount, 0n);
    const accountRecords = [
      `03,${account.iban},${account.currency},010,${s.opening},,,015,${s.closing},,/`,
      ...details.map((d) => d.record(d.amount)),
    ];
    accountRecords.push(`49,${accountTotal},${accountRecords.length + 1}/`);
    const group = [`02,${account.name.slice(0, 20).replace(/[,/]/g, " ")},${account.bic},1,${yymmdd(s.day)},2400,${account.currency},2/`, ...accountRecords];
    group.push(`98,${accountTotal},1,${group.length + 1}/`);
    records.push(...group);
    fileTotal += accountTotal;
    fileRecords += group.length;
  }
  return [header, ...records, `99,${fileTotal},${statements.length},${fileRecords + 2}/`, ""].join("\n");
}

/** A 16 record's text runs to the end of the record: no "/" (it would end it) and no line break. */
function bai2Text(text: string): string {
  return text.replace(/[/\r\n]/g, " ");
}
