import type { Day } from "../../model/day";
import type { Money } from "../../model/money";
import { FileError, type AccountRef, type BankEntry, type EntryStatus, type Undoing } from "../../model/statement";
import { at, firstText, textAt, type XmlNode } from "./node";
import {
  bankTransactionCode,
  normalText,
  put,
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
  account: AccountRef;
  bookingDate: Day;
  bookingTime: string | undefined;
  valueDate: Day | undefined;
  status: EntryStatus;
  amount: Money;
  credit: boolean;
  reversal: boolean;
  holder?: string | undefined;
  reference?: string | undefined;
  code?: BankTransactionCode | undefined;
  description?: string | undefined;
  ntryRef: string | undefined;
  batchCount: string | undefined;
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
  const transactions: XmlNode[] = [];
  for (const details of ntry.children) {
    if (details.name !== "NtryDtls") continue;
    for (const tx of details.children) if (tx.name === "TxDtls") transactions.push(tx);
  }
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
  const reversal = textAt(ntry, "RvslInd");
  return {
    line: ntry.line,
    account: context.account,
    bookingDate,
    bookingTime: booking?.time,
    valueDate: value?.day,
    status: statusOf(ntry, context.status ?? "booked"),
    amount: withSign(money, credit),
    credit,
    holder: context.holder,
    reversal: reversal === "true" || reversal === "1",
    reference: referenceAt(ntry, "AcctSvcrRef"),
    code: bankTransactionCode(at(ntry, "BkTxCd")),
    description: normalText(textAt(ntry, "AddtlNtryInf")),
    ntryRef: textAt(ntry, "NtryRef"),
    batchCount: textAt(ntry, "NtryDtls/Btch/NbOfTxs") ?? (transactions > 1 ? String(transactions) : undefined),
  };
}

const STATUS_PATHS = ["Sts/Cd", "Sts/Prtry", "Sts"];

function statusOf(ntry: XmlNode, otherwise: EntryStatus): EntryStatus {
  const code = firstText(ntry, STATUS_PATHS);
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

// Fields are copied one by one, not spread: V8 in Node 20 spends more on an object spread than on
// all the rest of an entry's mapping.
function entryOf(head: EntryHead, facts: TransactionFacts | undefined, own: Own): BankEntry {
  const code = facts?.transactionCode ?? head.code;
  const txReference = facts?.bankReference;
  const details: Record<string, string> = {};
  put(details, "ntryRef", head.ntryRef);
  put(details, "batchCount", head.batchCount);
  if (facts) Object.assign(details, facts.details);
  put(details, "proprietaryCode", code?.proprietary);
  put(details, "entryReference", own.entryReference);
  put(details, "transactionReference", txReference !== own.bankReference ? txReference : undefined);
  return {
    account: head.account,
    bookingDate: head.bookingDate,
    bookingTime: head.bookingTime,
    valueDate: head.valueDate,
    status: head.status,
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
    details: isEmpty(details) ? undefined : details,
  };
}

function isEmpty(record: Record<string, string>): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * Bank transaction sub-families that say an entry sends a payment back (ISO 20022 external code
 * list): a return or an unpaid direct debit, or a reversal of a direct debit.
 */
const RETURN_SUB_FAMILIES = new Set(["RRTN", "RPCR", "UPDD"]);
const REVERSAL_SUB_FAMILIES = new Set(["PRDD"]);

/** The third part of a domain/family/sub-family code; undefined for a proprietary code (no two slashes). */
function subFamilyOf(code: string): string | undefined {
  const family = code.indexOf("/");
  const subFamily = family < 0 ? -1 : code.indexOf("/", family + 1);
  if (subFamily < 0) return undefined;
  const end = code.indexOf("/", subFamily + 1);
  return code.slice(subFamily + 1, end < 0 ? code.length : end);
}

/** A return (RtrInf, or a return's transaction code) before a reversal (RvslInd): a bank may mark a return with both. */
function undoing(reversal: boolean, returnReason: string | undefined, code: string | undefined): Undoing | undefined {
  const subFamily = code === undefined ? undefined : subFamilyOf(code);
  if (returnReason !== undefined || (subFamily !== undefined && RETURN_SUB_FAMILIES.has(subFamily))) return "return";
  if (reversal || (subFamily !== undefined && REVERSAL_SUB_FAMILIES.has(subFamily))) return "reversal";
  return undefined;
}
