import type { Counterparty } from "../../model/statement";
import { collapseWhitespace } from "../../model/whitespace";
import { at, textAt, type XmlNode } from "./node";
import { accountNumber } from "./statement";

/** What one TxDtls says about its transaction, beyond the amount. */
export interface TransactionFacts {
  /** Refs/AcctSvcrRef: the bank's own reference for this transaction. */
  bankReference?: string | undefined;
  endToEndId?: string | undefined;
  counterparty?: Counterparty | undefined;
  /** Remittance information, else the additional transaction information. */
  description?: string | undefined;
  transactionCode?: BankTransactionCode | undefined;
  details: Record<string, string>;
}

export interface BankTransactionCode {
  /** Domain/family/sub-family ("PMNT/RCDT/ESCT"), else the proprietary code. */
  code: string;
  /** The proprietary code when a domain code was given too (ZKA "NTRF+020", a bank's own). */
  proprietary?: string | undefined;
}

// Placeholders for "no reference" (SEPA's NOTPROVIDED end-to-end id, SWIFT's NONREF): never an id.
const NO_REFERENCE = new Set(["NONREF", "NOTPROVIDED"]);

/**
 * `incoming` is the direction of the original payment: money in, unless a reversal undoes it.
 * `holder` is the statement's account number as the file gives it, so that the account holder
 * is never taken for the counterparty.
 */
export function transactionFacts(tx: XmlNode, incoming: boolean, holder: string | undefined): TransactionFacts {
  const refs = at(tx, "Refs");
  const details: Record<string, string> = {};
  put(details, "instrId", textAt(refs, "InstrId"));
  put(details, "msgId", textAt(refs, "MsgId"));
  put(details, "pmtInfId", textAt(refs, "PmtInfId"));
  put(details, "txId", textAt(refs, "TxId"));
  put(details, "mandateId", textAt(refs, "MndtId"));
  // A return names its reason by code, or by a proprietary one; the code wins when both are given.
  const reason = at(tx, "RtrInf/Rsn");
  put(details, "returnReason", textAt(reason, "Cd") ?? textAt(reason, "Prtry"));
  const remittance = at(tx, "RmtInf");
  const creditorReference = creditorReferences(remittance);
  put(details, "creditorReference", creditorReference);
  return {
    bankReference: referenceAt(refs, "AcctSvcrRef"),
    endToEndId: referenceAt(refs, "EndToEndId"),
    counterparty: counterpartyOf(tx, incoming, holder),
    description: unstructured(remittance) ?? creditorReference ?? normalText(textAt(tx, "AddtlTxInf")),
    transactionCode: bankTransactionCode(at(tx, "BkTxCd")),
    details,
  };
}

/** Sets a detail that the file gives. */
export function put(details: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined) details[key] = value;
}

/** A reference element's text, unless it is a placeholder for none. */
export function referenceAt(node: XmlNode | undefined, path: string): string | undefined {
  const text = textAt(node, path);
  return text === undefined || NO_REFERENCE.has(text.toUpperCase()) ? undefined : text;
}

/** BkTxCd of an Ntry or TxDtls; undefined for an empty `<BkTxCd/>`. */
export function bankTransactionCode(code: XmlNode | undefined): BankTransactionCode | undefined {
  if (!code) return undefined;
  const domain = at(code, "Domn");
  const family = at(domain, "Fmly");
  const domainCode = textAt(domain, "Cd");
  const familyCode = textAt(family, "Cd");
  const subFamily = textAt(family, "SubFmlyCd");
  const proprietary = textAt(code, "Prtry/Cd");
  if (domainCode && familyCode && subFamily) return { code: `${domainCode}/${familyCode}/${subFamily}`, proprietary };
  return proprietary ? { code: proprietary } : undefined;
}

/** Collapses the line breaks and padding banks put in free text. */
export function normalText(text: string | undefined): string | undefined {
  const normal = text === undefined ? "" : collapseWhitespace(text);
  return normal ? normal : undefined;
}

function unstructured(remittance: XmlNode | undefined): string | undefined {
  if (!remittance) return undefined;
  let text: string | undefined;
  for (const child of remittance.children) if (child.name === "Ustrd") text = text === undefined ? child.text : `${text} ${child.text}`;
  return normalText(text);
}

function creditorReferences(remittance: XmlNode | undefined): string | undefined {
  if (!remittance) return undefined;
  let references: string | undefined;
  for (const child of remittance.children) {
    if (child.name !== "Strd") continue;
    const reference = textAt(child, "CdtrRefInf/Ref");
    if (reference !== undefined) references = references === undefined ? reference : `${references} ${reference}`;
  }
  return normalText(references);
}

/** A party's elements: its own, its account's in RltdPties, its agent's institution in RltdAgts. */
interface Role {
  party: string;
  account: string;
  institution: string;
}

const DEBTOR: Role = { party: "Dbtr", account: "DbtrAcct", institution: "DbtrAgt/FinInstnId" };
const CREDITOR: Role = { party: "Cdtr", account: "CdtrAcct", institution: "CdtrAgt/FinInstnId" };

/**
 * The other party: the debtor of money coming in, the creditor of money going out. ISO 20022
 * keeps the original payment's parties on a reversal, hence `incoming`. Banks often fill only
 * one side, so the other side stands in, unless it is the account holder (the statement's own
 * account).
 */
function counterpartyOf(tx: XmlNode, incoming: boolean, holder: string | undefined): Counterparty | undefined {
  const parties = at(tx, "RltdPties");
  const agents = at(tx, "RltdAgts");
  if (!parties && !agents) return undefined;
  const preferred = partyOf(parties, agents, incoming ? DEBTOR : CREDITOR);
  if (preferred && (preferred.account === undefined || preferred.account !== holder)) return preferred;
  const other = partyOf(parties, agents, incoming ? CREDITOR : DEBTOR);
  if (other && (other.account === undefined || other.account !== holder)) return other;
  return undefined;
}

function partyOf(parties: XmlNode | undefined, agents: XmlNode | undefined, role: Role): Counterparty | undefined {
  const party = at(parties, role.party);
  const name = normalText(textAt(party, "Nm") ?? textAt(party, "Pty/Nm"));
  const account = accountNumber(at(parties, role.account));
  const institution = at(agents, role.institution);
  const bic = textAt(institution, "BIC") ?? textAt(institution, "BICFI");
  if (!name && !account && !bic) return undefined;
  return { name, account, bic };
}
