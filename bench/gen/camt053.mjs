import { ACCOUNT_IBAN, decimal } from "./ledger.mjs";

// A camt.053.001.08 document with one statement per booking day (as banks deliver a
// multi-day file), opening and closing balances, and one transaction per entry.
const amount = (minor) => `<Amt Ccy="EUR">${decimal(Math.abs(minor))}</Amt><CdtDbtInd>${minor < 0 ? "DBIT" : "CRDT"}</CdtDbtInd>`;
const balance = (code, minor, day) =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>${amount(minor)}<Dt><Dt>${day}</Dt></Dt></Bal>\n`;

function party(e) {
  const role = e.amount < 0 ? "Cdtr" : "Dbtr";
  const account = e.iban ? `<${role}Acct><Id><IBAN>${e.iban}</IBAN></Id></${role}Acct>` : "";
  return `<RltdPties><${role}><Pty><Nm>${e.name}</Nm></Pty></${role}>${account}</RltdPties>`;
}

export const camt053 = {
  header: () =>
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>\n' +
    "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-01-01T00:00:00Z</CreDtTm></GrpHdr>\n",
  day({ day, entries, opening, closing }) {
    let out =
      `<Stmt><Id>STMT-${day}</Id><CreDtTm>${day}T23:00:00Z</CreDtTm>` +
      `<Acct><Id><IBAN>${ACCOUNT_IBAN}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Bench BV</Nm></Ownr></Acct>\n` +
      balance("OPBD", opening, day) +
      balance("CLBD", closing, day);
    for (const e of entries) {
      out +=
        `<Ntry>${amount(e.amount)}<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${day}</Dt></BookgDt><ValDt><Dt>${day}</Dt></ValDt>` +
        `<AcctSvcrRef>${e.reference}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-${e.seq}</EndToEndId></Refs>` +
        `${party(e)}<RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`;
    }
    return `${out}</Stmt>\n`;
  },
  footer: () => "</BkToCstmrStmt></Document>\n",
};
