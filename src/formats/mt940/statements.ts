import { isCurrency } from "../../model/currencies";
import type { Profile } from "../../model/profile";
import { FileError, type AccountRef, type BankEntry, type StatementEvent, type Undoing } from "../../model/statement";
import { accountIdOf } from "../../model/account-id";
import { looksLikeIban } from "../../model/iban";
import { parseAccount, type SwiftAccount } from "./account";
import { balanceKind, parseBalance, type SwiftBalance } from "./balance";
import type { RecordReducer } from "../format";
import type { Field } from "./fields";
import { parseInformation } from "./information";
import { parseStatementLine, type StatementLine } from "./statement-line";
import { cleanText } from "./values";

interface OpenStatement {
  line: number;
  account?: SwiftAccount | undefined;
  id?: string | undefined;
  /** Currency of the entries: the opening balance's (MT942: the floor limit's). */
  currency?: string | undefined;
  /** MT942 interim report: its entries are not final. */
  interim: boolean;
  /** Set once the `statement` event is out. */
  ref?: AccountRef | undefined;
  /** A :62F:/:62M: closing balance was read. */
  closed?: boolean | undefined;
}

interface OpenEntry {
  line: number;
  account: AccountRef;
  interim: boolean;
  statementLine: StatementLine;
  information: Field[];
}

/** Tags only MT942 carries: :34F: floor limit, :13D: date-time, :90D:/:90C: sums. */
const INTERIM_TAGS = new Set(["34F", "13", "13D", "90D", "90C"]);

/** Where a reading of fields stands between two of them: plain data. */
export interface StatementReaderState {
  statement: OpenStatement | undefined;
  entry: OpenEntry | undefined;
  statements: number;
}

/**
 * Turns MT940/MT942 fields into statement events. Holds one statement's header and one entry
 * (a :61: waits for the :86: fields after it), nothing more.
 */
export class StatementReader implements RecordReducer<Field, StatementReaderState> {
  private statement: OpenStatement | undefined;
  private entry: OpenEntry | undefined;
  private statements = 0;

  constructor(private readonly profile: Profile | undefined) {}

  static restore(state: StatementReaderState, profile: Profile | undefined): StatementReader {
    const reader = new StatementReader(profile);
    reader.statement = state.statement;
    reader.entry = state.entry;
    reader.statements = state.statements;
    return reader;
  }

  /** A copy: the open statement and entry change as fields come. */
  snapshot(): StatementReaderState {
    return structuredClone({ statement: this.statement, entry: this.entry, statements: this.statements });
  }

  step(field: Field): StatementEvent[] {
    // An :86: after a balance or before any :61: describes the account (Danske Bank, HSBC, ING
    // '/SUM/'); the model has no place for it, so it is dropped. Sberbank's :NS: is opaque.
    if (field.tag === "86") {
      this.entry?.information.push(field);
      return [];
    }
    if (field.tag === "NS") return [];
    const events = this.closeEntry();
    events.push(...this.readHeaderOrLine(field));
    return events;
  }

  finish(): StatementEvent[] {
    const events = [...this.closeEntry(), ...this.closeStatement()];
    if (this.statements === 0) throw new FileError("no MT940 statement found: expected :20: and :25: tags");
    return events;
  }

  private readHeaderOrLine(field: Field): StatementEvent[] {
    const kind = balanceKind(field.tag);
    if (kind) return this.balance(field, parseBalanceOrSkip(field, kind));
    if (field.tag === "61") return this.statementLine(field);
    if (field.tag === "20") return this.open(field.line);
    if (field.tag.startsWith("25")) return this.account(field);
    const statement = this.statement ?? (this.statement = { line: field.line, interim: false });
    if (field.tag.startsWith("28")) statement.id = cleanText(field.lines[0] ?? "");
    if (INTERIM_TAGS.has(field.tag)) statement.interim = true;
    if (field.tag === "34F") statement.currency ??= floorLimitCurrency(field);
    return [];
  }

  private open(line: number): StatementEvent[] {
    const events = this.closeStatement();
    this.statement = { line, interim: false };
    return events;
  }

  /** A second :25: without a :20: between starts a new statement. */
  private account(field: Field): StatementEvent[] {
    const events = this.statement?.account ? this.open(field.line) : [];
    this.statement ??= { line: field.line, interim: false };
    this.statement.account = parseAccount(field);
    return events;
  }

  private balance(field: Field, balance: SwiftBalance | undefined): StatementEvent[] {
    if (!balance) return [];
    const opening = balance.kind === "opening" || balance.kind === "interimOpening";
    if (opening && this.statement && !this.statement.currency) this.statement.currency = balance.amount.currency;
    const { events, account } = this.start(field);
    const { kind, date, amount } = balance;
    if (kind === "closing" || kind === "interimClosing") this.statement!.closed = true;
    events.push({ type: "balance", balance: { line: field.line, account, kind, code: field.tag, amount, date } });
    return events;
  }

  private statementLine(field: Field): StatementEvent[] {
    const { events, statement, account } = this.start(field);
    const currency = statement.currency ?? statement.account?.currency ?? this.profile?.account?.currency;
    if (!currency) {
      throw new FileError(
        ":61: the currency of this entry is unknown: the statement has no :60F: opening balance, its :25: names no currency, and the profile sets no account.currency",
        field.line,
      );
    }
    const statementLine = parseStatementLine(field, currency);
    this.entry = { line: field.line, account, interim: statement.interim, statementLine, information: [] };
    return events;
  }

  /** The open statement, after emitting its `statement` event if this is its first balance or entry. */
  private start(field: Field): { events: StatementEvent[]; statement: OpenStatement; account: AccountRef } {
    const statement = this.statement;
    if (!statement?.account) {
      const where = statement ? `the statement starting at line ${statement.line} has no :25: account identification before` : "no :20: and :25: before";
      throw new FileError(`${where} this :${field.tag}:; every statement needs :20: and :25: first`, field.line);
    }
    const { events, account } = this.begin(statement, statement.account);
    return { events, statement, account };
  }

  private begin(statement: OpenStatement, account: SwiftAccount): { events: StatementEvent[]; account: AccountRef } {
    if (statement.ref) return { events: [], account: statement.ref };
    const ref = this.accountRef(statement, account);
    statement.ref = ref;
    this.statements++;
    return { events: [{ type: "statement", statement: { line: statement.line, account: ref, id: statement.id } }], account: ref };
  }

  private accountRef(statement: OpenStatement, account: SwiftAccount): AccountRef {
    const configured = this.profile?.account;
    return {
      id: configured?.id ?? account.id,
      name: configured?.name,
      currency: account.currency ?? statement.currency ?? configured?.currency,
      bank: account.bank ?? configured?.bank,
    };
  }

  private closeStatement(): StatementEvent[] {
    const statement = this.statement;
    this.statement = undefined;
    if (!statement) return [];
    if (!statement.account) {
      throw new FileError("this statement has no :25: account identification; every statement needs :20: and :25:", statement.line);
    }
    // :62a: is mandatory in MT940: a statement that ends without it is most often a file cut
    // short in transfer, and publishing half a statement would lose entries silently.
    if (!statement.closed && !statement.interim) {
      const id = statement.id ? ` (:28C: ${statement.id})` : "";
      throw new FileError(`the statement${id} has no closing balance :62F: or :62M:; the file may be truncated`, statement.line);
    }
    return this.begin(statement, statement.account).events;
  }

  private closeEntry(): StatementEvent[] {
    const open = this.entry;
    this.entry = undefined;
    return open ? [{ type: "entry", entry: toEntry(open) }] : [];
  }
}

/**
 * A :65: forward balance that cannot be read is dropped: it is a forecast, not a fact to check,
 * and one real export writes ':65F:Dnullnull7414,3'. Every other balance must be readable.
 */
function parseBalanceOrSkip(field: Field, kind: SwiftBalance["kind"]): SwiftBalance | undefined {
  try {
    return parseBalance(field, kind);
  } catch (error) {
    if (kind === "forwardAvailable" && error instanceof FileError) return undefined;
    throw error;
  }
}

function floorLimitCurrency(field: Field): string | undefined {
  const code = (field.lines[0] ?? "").trim().slice(0, 3);
  return isCurrency(code) ? code : undefined;
}

/**
 * German business transaction codes (GVC, DFÜ-Abkommen Anlage 3) of a payment sent back: 109 a
 * returned SEPA direct debit, 159 a returned SEPA credit transfer.
 */
const GVC_RETURNS = new Set(["109", "159"]);

/** A return (a Dutch /RTRN/ reason, a German return GVC, the SWIFT type RTI) before a reversal (RC/RD). */
function undoing(line: StatementLine, details: Record<string, string>): Undoing | undefined {
  const returned = details.returnReason !== undefined || GVC_RETURNS.has(details.gvc ?? "") || line.transactionType?.slice(1) === "RTI";
  if (returned) return "return";
  return line.reversal ? "reversal" : undefined;
}

function toEntry(open: OpenEntry): BankEntry {
  const line = open.statementLine;
  const info = open.information.length > 0 ? parseInformation(open.information) : { details: {} };
  const details: Record<string, string> = { ...info.details };
  if (line.fundsCode) details.fundsCode = line.fundsCode;
  if (line.supplementary) details.supplementary = line.supplementary;
  return {
    line: open.line,
    account: open.account,
    bookingDate: line.entryDate ?? line.valueDate,
    valueDate: line.valueDate,
    amount: line.amount,
    // MT942 reports what moved since the last statement; the next MT940 books it for good.
    status: open.interim ? "pending" : "booked",
    reversal: line.reversal || undefined,
    undoes: undoing(line, details),
    bankReference: line.bankReference,
    endToEndId: info.endToEndId,
    customerReference: line.customerReference ?? info.customerReference,
    description: info.description,
    counterparty: counterparty(info.counterparty, line.supplementary),
    transactionCode: line.transactionType,
    details: Object.keys(details).length > 0 ? details : undefined,
  };
}

/** Rabobank puts the counterparty's IBAN on the :61: supplementary line, not in :86:. */
function counterparty(fromInformation: BankEntry["counterparty"], supplementary: string | undefined): BankEntry["counterparty"] {
  if (fromInformation?.account || !supplementary || !looksLikeIban(supplementary)) return fromInformation;
  return { ...fromInformation, account: accountIdOf(supplementary) };
}
