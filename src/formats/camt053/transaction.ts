import type { Counterparty } from "../../model/statement";
import { all, at, firstText, textAt, type XmlNode } from "./node";
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

const REFERENCE_DETAILS: Readonly<Record<string, string>> = {
  "Refs/InstrId": "instrId",
  "Refs/MsgId": "msgId",
  "Refs/PmtInfId": "pmtInfId",
  "Refs/TxId": "txId",
  "Refs/MndtId": "mandateId",
  // A return names its reason by code, or by a proprietary one; the code wins when both are given.
  "RtrInf/Rsn/Prtry": "returnReason",
  "RtrInf/Rsn/Cd": "returnReason",
};

/**
 * `incoming` is the direction of the original payment: money in, unless a reversal undoes it.
 * `holder` is the statement's account number as the file gives it, so that the account holder
 * is never taken for the counterparty.
 */
export function transactionFacts(tx: XmlNode, incoming: boolean, holder: string | undefined): TransactionFacts {
  const details: Record<string, string> = {};
  for (const [path, key] of Object.entries(REFERENCE_DETAILS)) {
    const value = textAt(tx, path);
    if (value !== undefined) details[key] = value;
  }
  const creditorReference = creditorReferences(tx);
  if (creditorReference) details["creditorReference"] = creditorReference;
  return {
    bankReference: referenceAt(tx, "Refs/AcctSvcrRef"),
    endToEndId: referenceAt(tx, "Refs/EndToEndId"),
    counterparty: counterpartyOf(tx, incoming, holder),
    description: unstructured(tx) ?? creditorReference ?? normalText(textAt(tx, "AddtlTxInf")),
    transactionCode: bankTransactionCode(at(tx, "BkTxCd")),
    details,
  };
}

/** A reference element's text, unless it is a placeholder for none. */
export function referenceAt(node: XmlNode, path: string): string | undefined {
  const text = textAt(node, path);
  return text === undefined || NO_REFERENCE.has(text.toUpperCase()) ? undefined : text;
}

/** BkTxCd of an Ntry or TxDtls; undefined for an empty `<BkTxCd/>`. */
export function bankTransactionCode(code: XmlNode | undefined): BankTransactionCode | undefined {
  const domain = textAt(code, "Domn/Cd");
  const family = textAt(code, "Domn/Fmly/Cd");
  const subFamily = textAt(code, "Domn/Fmly/SubFmlyCd");
  const proprietary = textAt(code, "Prtry/Cd");
  if (domain && family && subFamily) return { code: `${domain}/${family}/${subFamily}`, proprietary };
  return proprietary ? { code: proprietary } : undefined;
}

/** Collapses the line breaks and padding banks put in free text. */
export function normalText(text: string | undefined): string | undefined {
  const normal = text?.replace(/\s+/g, " ").trim();
  return normal ? normal : undefined;
}

function unstructured(tx: XmlNode): string | undefined {
  return normalText(all(at(tx, "RmtInf"), "Ustrd").map((line) => line.text).join(" "));
}

function creditorReferences(tx: XmlNode): string | undefined {
  const references = all(at(tx, "RmtInf"), "Strd").map((strd) => textAt(strd, "CdtrRefInf/Ref"));
  return normalText(references.filter((ref) => ref !== undefined).join(" "));
}

/**
 * The other party: the debtor of money coming in, the creditor of money going out. ISO 20022
 * keeps the original payment's parties on a reversal, hence `incoming`. Banks often fill only
 * one side, so the other side stands in, unless it is the account holder (the statement's own
 * account).
 */
function counterpartyOf(tx: XmlNode, incoming: boolean, holder: string | undefined): Counterparty | undefined {
  const [preferred, other] = incoming ? ["Dbtr", "Cdtr"] : ["Cdtr", "Dbtr"];
  return [partyOf(tx, preferred!), partyOf(tx, other!)].find(
    (party) => party !== undefined && (party.account === undefined || party.account !== holder),
  );
}

function partyOf(tx: XmlNode, role: string): Counterparty | undefined {
  const name = normalText(firstText(tx, [`RltdPties/${role}/Nm`, `RltdPties/${role}/Pty/Nm`]));
  const account = accountNumber(at(tx, `RltdPties/${role}Acct`));
  const agent = `RltdAgts/${role}Agt/FinInstnId`;
  const bic = firstText(tx, [`${agent}/BIC`, `${agent}/BICFI`]);
  if (!name && !account && !bic) return undefined;
  return { name, account, bic };
}
