import type { Day } from "../../model/day";
import type { Money } from "../../model/money";
import { FileError, type AccountRef, type BankEntry, type EntryStatus, type StatementEvent, type Undoing } from "../../model/statement";
import type { Elements } from "./elements";
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
  tx: number;
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
 * One Ntry as the events of its bank entries: one per TxDtls when a batch's transactions carry
 * amounts that add up exactly to the entry (so each can be reconciled on its own), else the Ntry
 * as one entry, with the transaction's details when it has exactly one.
 */
export function entryEvents(elements: Elements, ntry: number, context: EntryContext): StatementEvent[] {
  const transactions = transactionsOf(elements, ntry);
  const head = headOf(elements, ntry, transactions.length, context);
  const parts = partsOf(elements, transactions, head);
  if (parts) {
    const references = partReferences(elements, parts, head.reference);
    return parts.map((part, i): StatementEvent => ({ type: "entry", entry: partEntry(elements, head, part, references[i]!) }));
  }
  const only = transactions.length === 1 ? transactions[0]! : 0;
  const facts = only ? factsOf(elements, head, only, head.credit) : undefined;
  const bankReference = head.reference ?? facts?.bankReference;
  const entry = entryOf(head, facts, { line: head.line, amount: head.amount, bankReference, uniqueReference: head.reference });
  return [{ type: "entry", entry }];
}

/** The TxDtls of every NtryDtls, in order. */
function transactionsOf(elements: Elements, ntry: number): number[] {
  let transactions: number[] | undefined;
  for (let details = elements.child(ntry, "NtryDtls"); details; details = elements.next(details, "NtryDtls")) {
    for (let tx = elements.child(details, "TxDtls"); tx; tx = elements.next(tx, "TxDtls")) {
      // A literal for the first: pushed onto an empty array, the usual one transaction had room for sixteen.
      if (transactions) transactions.push(tx);
      else transactions = [tx];
    }
  }
  return transactions ?? [];
}

function headOf(elements: Elements, ntry: number, transactions: number, context: EntryContext): EntryHead {
  const line = elements.line(ntry);
  const money = amountOf(elements, elements.child(ntry, "Amt"), "entry", line, context.account.currency);
  const credit = isCredit(elements, elements.child(ntry, "CdtDbtInd"), "entry", line);
  const booking = dateOf(elements, elements.child(ntry, "BookgDt"), "entry booking date");
  const value = dateOf(elements, elements.child(ntry, "ValDt"), "entry value date");
  const bookingDate = booking?.day ?? value?.day ?? context.created?.day;
  if (!bookingDate) {
    throw new FileError("entry has no booking date (BookgDt), no value date (ValDt), and the statement no creation date", line);
  }
  const reversal = elements.textAt(ntry, "RvslInd");
  return {
    line,
    account: context.account,
    bookingDate,
    bookingTime: booking?.time,
    valueDate: value?.day,
    status: statusOf(elements, ntry, context.status ?? "booked"),
    amount: withSign(money, credit),
    credit,
    holder: context.holder,
    reversal: reversal === "true" || reversal === "1",
    reference: referenceAt(elements, ntry, "AcctSvcrRef"),
    code: bankTransactionCode(elements, elements.child(ntry, "BkTxCd")),
    description: normalText(elements.textAt(ntry, "AddtlNtryInf")),
    ntryRef: elements.textAt(ntry, "NtryRef"),
    batchCount: elements.textAt(ntry, "NtryDtls", "Btch", "NbOfTxs") ?? (transactions > 1 ? String(transactions) : undefined),
  };
}

function statusOf(elements: Elements, ntry: number, otherwise: EntryStatus): EntryStatus {
  const code = elements.textAt(ntry, "Sts", "Cd") ?? elements.textAt(ntry, "Sts", "Prtry") ?? elements.textAt(ntry, "Sts");
  if (code === undefined) return otherwise;
  const status = STATUSES[code];
  if (!status) throw new FileError(`entry status "${code}" is not BOOK, PDNG, INFO or FUTR`, elements.line(elements.child(ntry, "Sts")));
  return status;
}

/** The batch's transactions with their signed amounts, when there are several and they add up exactly to the entry. */
function partsOf(elements: Elements, transactions: number[], head: EntryHead): Part[] | undefined {
  if (transactions.length < 2) return undefined;
  const parts: Part[] = [];
  for (const tx of transactions) {
    const element = elements.child(tx, "Amt") || elements.at(tx, "AmtDtls", "TxAmt", "Amt");
    if (!element) return undefined;
    const line = elements.line(tx);
    const money = amountOf(elements, element, "transaction", line, head.amount.currency);
    if (money.currency !== head.amount.currency) return undefined;
    const indicator = elements.child(tx, "CdtDbtInd");
    const credit = indicator ? isCredit(elements, indicator, "transaction", line) : head.credit;
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
function partReferences(elements: Elements, parts: Part[], entryReference: string | undefined): PartReferences[] {
  const own = parts.map((part) => referenceAt(elements, elements.child(part.tx, "Refs"), "AcctSvcrRef"));
  const distinct = own.every((ref) => ref !== undefined) && new Set(own).size === own.length;
  return parts.map((_, i) => {
    const uniqueReference = entryReference === undefined ? undefined : `${entryReference}/${distinct ? own[i] : i + 1}`;
    return { bankReference: distinct ? own[i] : uniqueReference, uniqueReference };
  });
}

function partEntry(elements: Elements, head: EntryHead, part: Part, references: PartReferences): BankEntry {
  const facts = factsOf(elements, head, part.tx, part.credit);
  return entryOf(head, facts, { line: elements.line(part.tx), amount: part.amount, ...references, entryReference: head.reference });
}

function factsOf(elements: Elements, head: EntryHead, tx: number, credit: boolean): TransactionFacts {
  return transactionFacts(elements, tx, credit !== head.reversal, head.holder);
}

// Fields are copied one by one, not spread: V8 in Node 20 spends more on an object spread than on
// all the rest of an entry's mapping.
function entryOf(head: EntryHead, facts: TransactionFacts | undefined, own: Own): BankEntry {
  const code = facts?.transactionCode ?? head.code;
  const txReference = facts?.bankReference;
  let details = put(undefined, "ntryRef", head.ntryRef);
  details = put(details, "batchCount", head.batchCount);
  if (facts?.details) details = Object.assign(details ?? {}, facts.details);
  details = put(details, "proprietaryCode", code?.proprietary);
  details = put(details, "entryReference", own.entryReference);
  details = put(details, "transactionReference", txReference !== own.bankReference ? txReference : undefined);
  return {
    account: head.account,
    bookingDate: head.bookingDate,
    bookingTime: head.bookingTime,
    valueDate: head.valueDate,
    status: head.status,
    line: own.line,
    amount: own.amount,
    reversal: head.reversal || undefined,
    undoes: undoing(head.reversal, details?.["returnReason"], code?.code),
    bankReference: own.bankReference,
    uniqueReference: own.uniqueReference,
    endToEndId: facts?.endToEndId,
    description: facts?.description ?? head.description,
    counterparty: facts?.counterparty,
    transactionCode: code?.code,
    details,
  };
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
