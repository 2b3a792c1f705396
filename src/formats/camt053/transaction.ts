import type { Counterparty } from "../../model/statement";
import { collapseWhitespace } from "../../model/whitespace";
import type { Elements } from "./elements";
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
  /** Undefined when the transaction gives none. */
  details?: Details | undefined;
}

/** An entry's details by name, made with the first one the file gives: most entries have none. */
export type Details = Record<string, string>;

export interface BankTransactionCode {
  /** Domain/family/sub-family ("PMNT/RCDT/ESCT"), else the proprietary code. */
  code: string;
  /** The proprietary code when a domain code was given too (ZKA "NTRF+020", a bank's own). */
  proprietary?: string | undefined;
}

// Placeholders for "no reference" (SEPA's NOTPROVIDED end-to-end id, SWIFT's NONREF): never an id.
const NO_REFERENCE = new Set(["NONREF", "NOTPROVIDED"]);
const LONGEST_PLACEHOLDER = "NOTPROVIDED".length;

/**
 * `incoming` is the direction of the original payment: money in, unless a reversal undoes it.
 * `holder` is the statement's account number as the file gives it, so that the account holder
 * is never taken for the counterparty.
 */
export function transactionFacts(elements: Elements, tx: number, incoming: boolean, holder: string | undefined): TransactionFacts {
  const refs = elements.child(tx, "Refs");
  let details = put(undefined, "instrId", elements.textAt(refs, "InstrId"));
  details = put(details, "msgId", elements.textAt(refs, "MsgId"));
  details = put(details, "pmtInfId", elements.textAt(refs, "PmtInfId"));
  details = put(details, "txId", elements.textAt(refs, "TxId"));
  details = put(details, "mandateId", elements.textAt(refs, "MndtId"));
  // A return names its reason by code, or by a proprietary one; the code wins when both are given.
  const reason = elements.at(tx, "RtrInf", "Rsn");
  details = put(details, "returnReason", elements.textAt(reason, "Cd") ?? elements.textAt(reason, "Prtry"));
  const remittance = elements.child(tx, "RmtInf");
  const creditorReference = creditorReferences(elements, remittance);
  details = put(details, "creditorReference", creditorReference);
  return {
    bankReference: referenceAt(elements, refs, "AcctSvcrRef"),
    endToEndId: referenceAt(elements, refs, "EndToEndId"),
    counterparty: counterpartyOf(elements, tx, incoming, holder),
    description: unstructured(elements, remittance) ?? creditorReference ?? normalText(elements.textAt(tx, "AddtlTxInf")),
    transactionCode: bankTransactionCode(elements, elements.child(tx, "BkTxCd")),
    details,
  };
}

/** The details with one more that the file gives, in a record made for the first. */
export function put(details: Details | undefined, key: string, value: string | undefined): Details | undefined {
  if (value === undefined) return details;
  const record = details ?? {};
  record[key] = value;
  return record;
}

/** The text of a reference, the child `name` of `element`, unless it is a placeholder for none. */
export function referenceAt(elements: Elements, element: number, name: string): string | undefined {
  const text = elements.textAt(element, name);
  return text === undefined || isPlaceholder(text) ? undefined : text;
}

/**
 * Upper-casing a reference for the test copies it, so it is done only for a text that can be a
 * placeholder: upper-casing never shortens a text, and keeps the length of an ASCII one.
 */
function isPlaceholder(text: string): boolean {
  const length = text.length;
  if (length > LONGEST_PLACEHOLDER) return false;
  if (length !== 6 && length !== 11 && isAscii(text)) return false;
  return NO_REFERENCE.has(text.toUpperCase());
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** BkTxCd of an Ntry or TxDtls; undefined for an empty `<BkTxCd/>`. */
export function bankTransactionCode(elements: Elements, code: number): BankTransactionCode | undefined {
  if (!code) return undefined;
  const domain = elements.child(code, "Domn");
  const family = elements.child(domain, "Fmly");
  const domainCode = elements.textAt(domain, "Cd");
  const familyCode = elements.textAt(family, "Cd");
  const subFamily = elements.textAt(family, "SubFmlyCd");
  const proprietary = elements.textAt(code, "Prtry", "Cd");
  if (domainCode && familyCode && subFamily) return { code: `${domainCode}/${familyCode}/${subFamily}`, proprietary };
  return proprietary ? { code: proprietary } : undefined;
}

/** Collapses the line breaks and padding banks put in free text. */
export function normalText(text: string | undefined): string | undefined {
  const normal = text === undefined ? "" : collapseWhitespace(text);
  return normal ? normal : undefined;
}

function unstructured(elements: Elements, remittance: number): string | undefined {
  let text: string | undefined;
  for (let ustrd = elements.child(remittance, "Ustrd"); ustrd; ustrd = elements.next(ustrd, "Ustrd")) {
    text = text === undefined ? elements.text(ustrd) : `${text} ${elements.text(ustrd)}`;
  }
  return normalText(text);
}

function creditorReferences(elements: Elements, remittance: number): string | undefined {
  let references: string | undefined;
  for (let strd = elements.child(remittance, "Strd"); strd; strd = elements.next(strd, "Strd")) {
    const reference = elements.textAt(strd, "CdtrRefInf", "Ref");
    if (reference !== undefined) references = references === undefined ? reference : `${references} ${reference}`;
  }
  return normalText(references);
}

/** A party's elements: its own and its account's in RltdPties, its agent's (whose FinInstnId is read) in RltdAgts. */
interface Role {
  party: string;
  account: string;
  agent: string;
}

const DEBTOR: Role = { party: "Dbtr", account: "DbtrAcct", agent: "DbtrAgt" };
const CREDITOR: Role = { party: "Cdtr", account: "CdtrAcct", agent: "CdtrAgt" };

/**
 * The other party: the debtor of money coming in, the creditor of money going out. ISO 20022
 * keeps the original payment's parties on a reversal, hence `incoming`. Banks often fill only
 * one side, so the other side stands in, unless it is the account holder (the statement's own
 * account).
 */
function counterpartyOf(elements: Elements, tx: number, incoming: boolean, holder: string | undefined): Counterparty | undefined {
  const parties = elements.child(tx, "RltdPties");
  const agents = elements.child(tx, "RltdAgts");
  if (!parties && !agents) return undefined;
  const preferred = partyOf(elements, parties, agents, incoming ? DEBTOR : CREDITOR);
  if (preferred && (preferred.account === undefined || preferred.account !== holder)) return preferred;
  const other = partyOf(elements, parties, agents, incoming ? CREDITOR : DEBTOR);
  if (other && (other.account === undefined || other.account !== holder)) return other;
  return undefined;
}

function partyOf(elements: Elements, parties: number, agents: number, role: Role): Counterparty | undefined {
  const party = elements.child(parties, role.party);
  const name = normalText(elements.textAt(party, "Nm") ?? elements.textAt(party, "Pty", "Nm"));
  const account = accountNumber(elements, elements.child(parties, role.account));
  const institution = elements.at(agents, role.agent, "FinInstnId");
  const bic = elements.textAt(institution, "BIC") ?? elements.textAt(institution, "BICFI");
  if (!name && !account && !bic) return undefined;
  return { name, account, bic };
}
