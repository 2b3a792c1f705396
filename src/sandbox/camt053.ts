import { exponentOf } from "../model/money";
import type { SandboxEntry, SandboxStatement } from "./bank";
import { codesOf, decimal, xmlText } from "./codes";

export type CamtVersion = "001.02" | "001.08";

/**
 * A camt.053 bank-to-customer statement message, one `<Stmt>` per statement: opening (OPBD) and
 * closing (CLBD) booked balances, each entry with the bank's reference (AcctSvcrRef), its status
 * (BOOK, PDNG), bank transaction code, end-to-end id, the other party and the remittance text; a
 * reversal says RvslInd, a return its reason (RtrInf). Version .02 writes a status and parties as
 * .02 defines them (`<Sts>BOOK</Sts>`, `<Dbtr><Nm>`, `<BIC>`), .08 as .08 does (`<Sts><Cd>`,
 * `<Dbtr><Pty><Nm>`, `<BICFI>`).
 */
export function camt053(version: CamtVersion, statements: readonly SandboxStatement[], messageId: string, createdAt: string): string {
  const v08 = version === "001.08";
  const bic = v08 ? "BICFI" : "BIC";
  const body = statements.map((s) => {
    const { account } = s;
    const exponent = exponentOf(account.currency);
    const balance = (code: string, amount: bigint) =>
      `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${account.currency}">${decimal(amount, exponent)}</Amt><CdtDbtInd>${amount < 0n ? "DBIT" : "CRDT"}</CdtDbtInd><Dt><Dt>${s.day}</Dt></Dt></Bal>`;
    return [
      `<Stmt><Id>${messageId}-${s.number}</Id><ElctrncSeqNb>${s.number}</ElctrncSeqNb><CreDtTm>${createdAt}</CreDtTm>`,
      `<Acct><Id><IBAN>${account.iban}</IBAN></Id><Ccy>${account.currency}</Ccy><Ownr><Nm>${xmlText(account.name)}</Nm></Ownr><Svcr><FinInstnId><${bic}>${account.bic}</${bic}></FinInstnId></Svcr></Acct>`,
      balance("OPBD", s.opening),
      balance("CLBD", s.closing),
      ...s.entries.map((e) => entry(e, account.currency, exponent, v08)),
      "</Stmt>",
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.${version}">`,
    `<BkToCstmrStmt><GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>${createdAt}</CreDtTm></GrpHdr>`,
    ...body,
    `</BkToCstmrStmt></Document>`,
    "",
  ].join("\n");
}

function entry(e: SandboxEntry, currency: string, exponent: number, v08: boolean): string {
  const amount = BigInt(e.amount);
  const status = e.status === "booked" ? "BOOK" : "PDNG";
  const [domain, family, sub] = codesOf(e).camt;
  return [
    `<Ntry><Amt Ccy="${currency}">${decimal(amount, exponent)}</Amt><CdtDbtInd>${amount < 0n ? "DBIT" : "CRDT"}</CdtDbtInd>`,
    e.reversal ? "<RvslInd>true</RvslInd>" : "",
    v08 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`,
    `<BookgDt><Dt>${e.day}</Dt></BookgDt><ValDt><Dt>${e.valueDate}</Dt></ValDt><AcctSvcrRef>${e.id}</AcctSvcrRef>`,
    `<BkTxCd><Domn><Cd>${domain}</Cd><Fmly><Cd>${family}</Cd><SubFmlyCd>${sub}</SubFmlyCd></Fmly></Domn></BkTxCd>`,
    `<NtryDtls><TxDtls>${details(e, v08)}</TxDtls></NtryDtls></Ntry>`,
  ].join("");
}

function details(e: SandboxEntry, v08: boolean): string {
  const refs = e.endToEndId ? `<Refs><EndToEndId>${xmlText(e.endToEndId)}</EndToEndId></Refs>` : "";
  const party = e.counterparty;
  // The other party of the payment: the debtor of money in, the creditor of money out; a reversal keeps the original payment's parties.
  const moneyIn = BigInt(e.amount) > 0n !== !!e.reversal;
  const role = moneyIn ? "Dbtr" : "Cdtr";
  const name = party && (v08 ? `<${role}><Pty><Nm>${xmlText(party.name)}</Nm></Pty></${role}>` : `<${role}><Nm>${xmlText(party.name)}</Nm></${role}>`);
  const account = party?.iban ? `<${role}Acct><Id><IBAN>${party.iban}</IBAN></Id></${role}Acct>` : "";
  const bic = v08 ? "BICFI" : "BIC";
  const agent = party?.bic ? `<RltdAgts><${role}Agt><FinInstnId><${bic}>${party.bic}</${bic}></FinInstnId></${role}Agt></RltdAgts>` : "";
  const parties = party ? `<RltdPties>${name}${account}</RltdPties>${agent}` : "";
  const remittance = `<RmtInf><Ustrd>${xmlText(e.description)}</Ustrd></RmtInf>`;
  const returned = e.returnReason ? `<RtrInf><Rsn><Cd>${e.returnReason}</Cd></Rsn></RtrInf>` : "";
  return `${refs}${parties}${remittance}${returned}`;
}
