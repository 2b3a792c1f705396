import type { Money } from "../../model/money";
import { FileError, type AccountRef, type BankEntry, type EntryStatus, type Undoing } from "../../model/statement";
import { all, at, firstText, textAt, type XmlNode } from "./node";
import {
  bankTransactionCode,
  normalText,
  referenceAt,
  transactionFacts,
  type BankTransactionCode,
  type TransactionFacts,
} from "./transaction";
import { amountOf, dateOf, isCredit, withSign, type CamtDate } from "./values";

export interface EntryContext {
  account: AccountRef;
  /** The account number the file gives (the profile may name the account otherwise). */
  holder?: string | undefined;
  /** Stmt/CreDtTm: the booking day of last resort. */
  created?: CamtDate | undefined;
  /** The status of an entry without Sts: booked in a statement or notification, pending in an intraday report. */
  status?: EntryStatus | undefined;
}

// EntryStatus2Code; FUTR (from .08 on) is booked on a later day, so not yet part of the booked balance.
const STATUSES: Readonly<Record<string, EntryStatus>> = { BOOK: "booked", PDNG: "pending", INFO: "info", FUTR: "pending" };

/** What the Ntry itself states, shared by every entry it yields. */
interface EntryHead {
  line: number;
  amount: Money;
  credit: boolean;
  reversal: boolean;
  holder?: string | undefined;
  reference?: string | undefined;
  code?: BankTransactionCode | undefined;
  description?: string | undefined;
  shared: Pick<BankEntry, "account" | "bookingDate" | "bookingTime" | "valueDate" | "status">;
  details: Record<string, string | undefined>;
}

/** One TxDtls of a batch that is split, with its own signed amount. */
interface Part {
  tx: XmlNode;
  amount: Money;
  credit: boolean;
}

/** What differs between the entries of one Ntry. */
interface Own {
  line: number;
  amount: Money;
  bankReference?: string | undefined;
  uniqueReference?: string | undefined;
  entryReference?: string | undefined;
}

/**
 * One Ntry as bank entries: one per TxDtls when a batch's transactions carry amounts that add
 * up exactly to the entry (so each can be reconciled on its own), else the Ntry as one entry,
 * with the transaction's details when it has exactly one.
 */
export function entriesOf(ntry: XmlNode, context: EntryContext): BankEntry[] {
  const transactions = all(ntry, "NtryDtls").flatMap((details) => all(details, "TxDtls"));
  const head = headOf(ntry, transactions.length, context);
  const parts = partsOf(transactions, head);
  if (parts) {
    const references = partReferences(parts, head.reference);
    return parts.map((part, i) => partEntry(head, part, references[i]!));
  }
  const only = transactions.length === 1 ? transactions[0] : undefined;
  const facts = only && factsOf(head, only, head.credit);
  const bankReference = head.reference ?? facts?.bankReference;
  return [entryOf(head, facts, { line: head.line, amount: head.amount, bankReference, uniqueReference: head.reference })];
}

function headOf(ntry: XmlNode, transactions: number, context: EntryContext): EntryHead {
  const money = amountOf(at(ntry, "Amt"), "entry", ntry.line, context.account.currency);
  const credit = isCredit(at(ntry, "CdtDbtInd"), "entry", ntry.line);
  const booking = dateOf(at(ntry, "BookgDt"), "entry booking date");
  const value = dateOf(at(ntry, "ValDt"), "entry value date");
  const bookingDate = booking?.day ?? value?.day ?? context.created?.day;
  if (!bookingDate) {
    throw new FileError("entry has no booking date (BookgDt), no value date (ValDt), and the statement no creation date", ntry.line);
  }
  return {
    line: ntry.line,
    amount: withSign(money, credit),
    credit,
    holder: context.holder,
    reversal: ["true", "1"].includes(textAt(ntry, "RvslInd") ?? ""),
    reference: referenceAt(ntry, "AcctSvcrRef"),
    code: bankTransactionCode(at(ntry, "BkTxCd")),
    description: normalText(textAt(ntry, "AddtlNtryInf")),
    shared: { account: context.account, bookingDate, bookingTime: booking?.time, valueDate: value?.day, status: statusOf(ntry, context.status ?? "booked") },
    details: {
      ntryRef: textAt(ntry, "NtryRef"),
      batchCount: textAt(ntry, "NtryDtls/Btch/NbOfTxs") ?? (transactions > 1 ? String(transactions) : undefined),
    },
  };
}

function statusOf(ntry: XmlNode, otherwise: EntryStatus): EntryStatus {
  const code = firstText(ntry, ["Sts/Cd", "Sts/Prtry", "Sts"]);
  if (code === undefined) return otherwise;
  const status = STATUSES[code];
  if (!status) throw new FileError(`entry status "${code}" is not BOOK, PDNG, INFO or FUTR`, at(ntry, "Sts")!.line);
  return status;
}

/** The batch's transactions with their signed amounts, when there are several and they add up exactly to the entry. */
function partsOf(transactions: XmlNode[], head: EntryHead): Part[] | undefined {
  if (transactions.length < 2) return undefined;
  const parts: Part[] = [];
  for (const tx of transactions) {
    const element = at(tx, "Amt") ?? at(tx, "AmtDtls/TxAmt/Amt");
    if (!element) return undefined;
    const money = amountOf(element, "transaction", tx.line, head.amount.currency);
    if (money.currency !== head.amount.currency) return undefined;
    const indicator = at(tx, "CdtDbtInd");
    const credit = indicator ? isCredit(indicator, "transaction", tx.line) : head.credit;
    parts.push({ tx, amount: withSign(money, credit), credit });
  }
  const total = parts.reduce((sum, part) => sum + part.amount.minor, 0n);
  return total === head.amount.minor ? parts : undefined;
}

type PartReferences = Pick<Own, "bankReference" | "uniqueReference">;

/**
 * Each part's references. Its key among the parts is its own AcctSvcrRef when every part has a
 * different one, else its position. The bank reference is that AcctSvcrRef, else the entry's
 * reference and the position. The unique reference is always the entry's, which ISO 20022
 * defines as unique for the entry, with the part's key: a transaction's AcctSvcrRef identifies
 * the instruction, not the entry (a return of it may carry it again).
 */
function partReferences(parts: Part[], entryReference: string | undefined): PartReferences[] {
  const own = parts.map((part) => referenceAt(part.tx, "Refs/AcctSvcrRef"));
  const distinct = own.every((ref) => ref !== undefined) && new Set(own).size === own.length;
  return parts.map((_, i) => {
    const uniqueReference = entryReference === undefined ? undefined : `${entryReference}/${distinct ? own[i] : i + 1}`;
    return { bankReference: distinct ? own[i] : uniqueReference, uniqueReference };
  });
}

function partEntry(head: EntryHead, part: Part, references: PartReferences): BankEntry {
  const facts = factsOf(head, part.tx, part.credit);
  return entryOf(head, facts, { line: part.tx.line, amount: part.amount, ...references, entryReference: head.reference });
}

function factsOf(head: EntryHead, tx: XmlNode, credit: boolean): TransactionFacts {
  return transactionFacts(tx, credit !== head.reversal, head.holder);
}

function entryOf(head: EntryHead, facts: TransactionFacts | undefined, own: Own): BankEntry {
  const code = facts?.transactionCode ?? head.code;
  const txReference = facts?.bankReference;
  const details = compact({
    ...head.details,
    ...facts?.details,
    proprietaryCode: code?.proprietary,
    entryReference: own.entryReference,
    transactionReference: txReference !== own.bankReference ? txReference : undefined,
  });
  return {
    ...head.shared,
    line: own.line,
    amount: own.amount,
    reversal: head.reversal || undefined,
    undoes: undoing(head.reversal, details["returnReason"], code?.code),
    bankReference: own.bankReference,
    uniqueReference: own.uniqueReference,
    endToEndId: facts?.endToEndId,
    description: facts?.description ?? head.description,
    counterparty: facts?.counterparty,
    transactionCode: code?.code,
    details: Object.keys(details).length ? details : undefined,
  };
}

function compact(values: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) kept[key] = value;
  return kept;
}

/**
 * Bank transaction sub-families that say an entry sends a payment back (ISO 20022 external code
 * list): a return or an unpaid direct debit, or a reversal of a direct debit.
 */
const RETURN_SUB_FAMILIES = new Set(["RRTN", "RPCR", "UPDD"]);
const REVERSAL_SUB_FAMILIES = new Set(["PRDD"]);

/** A return (RtrInf, or a return's transaction code) before a reversal (RvslInd): a bank may mark a return with both. */
function undoing(reversal: boolean, returnReason: string | undefined, code: string | undefined): Undoing | undefined {
  const subFamily = code?.split("/")[2];
  if (returnReason !== undefined || (subFamily !== undefined && RETURN_SUB_FAMILIES.has(subFamily))) return "return";
  if (reversal || (subFamily !== undefined && REVERSAL_SUB_FAMILIES.has(subFamily))) return "reversal";
  return undefined;
}
