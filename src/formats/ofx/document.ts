import { FileError, type AccountRef, type BalanceKind, type BankEntry, type StatementEvent } from "../../model/statement";
import { at, textAt, type XmlNode } from "../camt053/node";
import type { ParseContext, RecordReducer } from "../format";
import type { OfxRecord } from "./markup";
import { ofxAmount, ofxDate } from "./values";

/** Where the statements sit: bank (BANKMSGSRSV1/STMTTRNRS/STMTRS) and credit card (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS). */
const STATEMENTS: Readonly<Record<string, { set: string; wrapper: string; account: string; kind: string }>> = {
  STMTRS: { set: "BANKMSGSRSV1", wrapper: "STMTTRNRS", account: "BANKACCTFROM", kind: "bank" },
  CCSTMTRS: { set: "CREDITCARDMSGSRSV1", wrapper: "CCSTMTTRNRS", account: "CCACCTFROM", kind: "creditCard" },
};

/** The aggregates read whole: an account, a transaction, a balance. */
export const CAPTURED = new Set(["BANKACCTFROM", "CCACCTFROM", "STMTTRN", "LEDGERBAL", "AVAILBAL"]);

const BALANCES: Readonly<Record<string, BalanceKind>> = { LEDGERBAL: "closing", AVAILBAL: "available" };

/**
 * OFX 1.x headers: ENCODING USASCII or UTF-8, CHARSET 1252, ISO-8859-1 or NONE. Text is decoded
 * before the header is read (as UTF-8, else Windows-1252 from the first byte that is not UTF-8),
 * which reads all of these; another charset needs the profile's `encoding`.
 */
const ENCODINGS = new Set(["USASCII", "UTF-8", "UTF8"]);
const CHARSETS = new Set(["1252", "WINDOWS-1252", "ISO-8859-1", "8859-1", "LATIN1", "NONE", "UTF-8", "CSUNICODE"]);
/** OFX 2.x: the XML declaration's encoding, when it names one the decoding does not read as written. */
const XML_ENCODINGS = new Set(["ASCII", "US-ASCII", "UTF-8", "UTF8", "WINDOWS-1252", "CP1252", "ISO-8859-1", "LATIN1"]);

/** The statement being read. */
interface OpenStatement {
  line: number;
  /** Its aggregate's path: its leaves are one level deeper. */
  depth: number;
  name: string;
  currency?: string | undefined;
  /** The ACCTFROM aggregate's facts, once read. */
  acct?: { id?: string | undefined; bank?: string | undefined; type?: string | undefined; line: number } | undefined;
  account?: AccountRef | undefined;
}

export interface OfxState {
  statement: OpenStatement | undefined;
  statements: number;
  version: string | undefined;
}

/** Follows an OFX document's records: each bank or credit card statement, its transactions and balances. */
export class OfxDocument implements RecordReducer<OfxRecord, OfxState> {
  private statement: OpenStatement | undefined;
  private statements = 0;
  private version: string | undefined;

  constructor(private readonly context: ParseContext) {}

  static restore(state: OfxState, context: ParseContext): OfxDocument {
    const document = new OfxDocument(context);
    document.statement = state.statement && { ...state.statement };
    document.statements = state.statements;
    document.version = state.version;
    return document;
  }

  snapshot(): OfxState {
    return { statement: this.statement && { ...this.statement }, statements: this.statements, version: this.version };
  }

  finish(): StatementEvent[] {
    return [];
  }

  step(record: OfxRecord): StatementEvent[] {
    switch (record.type) {
      case "header":
        this.header(record.fields, record.line);
        return [];
      case "open":
        return this.open(record.path, record.line);
      case "leaf":
        this.leaf(record.path, record.text, record.line);
        return [];
      case "node":
        return this.node(record.path, record.node);
      case "close":
        return this.close(record.path, record.line);
    }
  }

  private header(fields: Record<string, string>, line: number): void {
    this.version = fields["VERSION"];
    if (this.context.profile?.encoding) return;
    const encoding = fields["ENCODING"]?.toUpperCase();
    const charset = fields["CHARSET"]?.toUpperCase();
    if (encoding && !ENCODINGS.has(encoding)) throw charsetError(`ENCODING:${fields["ENCODING"]}`, line);
    if (charset && !CHARSETS.has(charset)) throw charsetError(`CHARSET:${fields["CHARSET"]}`, line);
    checkXmlEncoding(fields["XMLENCODING"], line);
  }

  private open(path: readonly string[], line: number): StatementEvent[] {
    const name = path.at(-1)!;
    if (path.length === 1 && name !== "OFX") throw new FileError(`the file is not an OFX statement: its root is <${name}>`, line);
    if (/^INV(STMT|POS|TRAN)/.test(name) || name === "INVSTMTMSGSRSV1") {
      throw new FileError(`investment statements (<${name}>) are not read: only bank and credit card statements`, line);
    }
    const kind = STATEMENTS[name];
    if (kind) {
      if (path.length !== 4 || path[1] !== kind.set || path[2] !== kind.wrapper) {
        throw new FileError(`<${name}> belongs in <${kind.wrapper}> in <${kind.set}>, found in <${path.at(-2)}>`, line);
      }
      this.statement = { line, depth: path.length, name };
      return [];
    }
    // The transaction list comes after the currency and the account: the statement can begin.
    if (this.statement && name === "BANKTRANLIST") return this.start(this.statement);
    return [];
  }

  private leaf(path: readonly string[], text: string, line: number): void {
    const statement = this.statement;
    if (!statement || path.length !== statement.depth + 1 || path.at(-1) !== "CURDEF") return;
    if (!/^[A-Z]{3}$/.test(text)) throw new FileError(`CURDEF "${text}" is not an ISO 4217 currency code`, line);
    statement.currency = text;
  }

  private node(path: readonly string[], node: XmlNode): StatementEvent[] {
    const statement = this.statement;
    if (!statement) {
      throw new FileError(`<${node.name}> outside a bank or credit card statement (<STMTRS> or <CCSTMTRS>)`, node.line);
    }
    if (node.name === "BANKACCTFROM" || node.name === "CCACCTFROM") {
      statement.acct = {
        id: textAt(node, "ACCTID"),
        bank: [textAt(node, "BANKID"), textAt(node, "BRANCHID")].filter(Boolean).join("/") || undefined,
        type: textAt(node, "ACCTTYPE") ?? (node.name === "CCACCTFROM" ? "CREDITCARD" : undefined),
        line: node.line,
      };
      return [];
    }
    const events = this.start(statement);
    const account = statement.account!;
    if (node.name === "STMTTRN") {
      if (path.at(-2) !== "BANKTRANLIST") throw new FileError(`<STMTTRN> belongs in <BANKTRANLIST>, found in <${path.at(-2)}>`, node.line);
      return [...events, { type: "entry", entry: entryOf(node, account, statement.acct?.type) }];
    }
    return [...events, { type: "balance", balance: balanceOf(node, account) }];
  }

  private close(path: readonly string[], line: number): StatementEvent[] {
    const statement = this.statement;
    if (statement && path.length === statement.depth) {
      const events = this.start(statement);
      this.statement = undefined;
      this.statements++;
      return events;
    }
    if (path.length === 1 && this.statements === 0) {
      throw new FileError("the OFX file holds no bank or credit card statement (<STMTRS> or <CCSTMTRS>): there is nothing to import", line);
    }
    return [];
  }

  /** The statement event, once: when its currency and account are known (its transaction list, first balance or end). */
  private start(statement: OpenStatement): StatementEvent[] {
    if (statement.account) return [];
    const profile = this.context.profile?.account;
    const acctName = STATEMENTS[statement.name]!.account;
    const id = profile?.id ?? statement.acct?.id;
    if (!id) throw new FileError(`the statement names no account (<${acctName}> with <ACCTID>)`, statement.acct?.line ?? statement.line);
    const currency = statement.currency ?? profile?.currency;
    if (!currency) throw new FileError(`the statement has no currency (<CURDEF>)`, statement.line);
    statement.account = { id, name: profile?.name, currency, bank: statement.acct?.bank ?? profile?.bank };
    return [{ type: "statement", statement: { line: statement.line, account: statement.account } }];
  }
}

function charsetError(header: string, line: number): FileError {
  return new FileError(`the OFX header says ${header}, which is not read without the source profile's "encoding" (e.g. "windows-1252")`, line);
}

/** OFX 2.x names its encoding in the XML declaration: only those the decoding reads as written are taken. */
function checkXmlEncoding(declaration: string | undefined, line: number): void {
  if (!declaration || XML_ENCODINGS.has(declaration.toUpperCase())) return;
  throw charsetError(`encoding="${declaration}"`, line);
}

function required(node: XmlNode, name: string): XmlNode {
  const found = at(node, name);
  if (!found) throw new FileError(`<${node.name}> has no <${name}>`, node.line);
  return found;
}

/**
 * A STMTTRN as a booked entry. FITID is its id: the standard makes it unique for the account
 * (OFX 2.3 §11.4.4.1: "transaction ID issued by financial institution, used to detect duplicate
 * downloads"), as CAMT's Ntry/AcctSvcrRef.
 */
function entryOf(trn: XmlNode, account: AccountRef, accountType: string | undefined): BankEntry {
  const type = required(trn, "TRNTYPE").text.trim();
  const posted = required(trn, "DTPOSTED");
  const date = ofxDate(posted.text, "DTPOSTED", posted.line);
  const amountNode = required(trn, "TRNAMT");
  if (at(trn, "CURRENCY")) {
    throw new FileError("the transaction is in another currency than the statement's (<CURRENCY>): not read", at(trn, "CURRENCY")!.line);
  }
  const amount = ofxAmount(amountNode.text, account.currency!, "TRNAMT", amountNode.line);
  const fitId = required(trn, "FITID").text.trim();
  if (!fitId) throw new FileError("<FITID> is empty: every OFX transaction needs its id", at(trn, "FITID")!.line);
  const correction = correctionOf(trn);
  const user = at(trn, "DTUSER");
  const available = at(trn, "DTAVAIL");
  const name = textAt(trn, "NAME") ?? textAt(trn, "PAYEE/NAME");
  const memo = textAt(trn, "MEMO");
  const counterpartyAccount = textAt(trn, "BANKACCTTO/ACCTID") ?? textAt(trn, "CCACCTTO/ACCTID");
  const details = compact({
    userDate: user && ofxDate(user.text, "DTUSER", user.line).day,
    checkNumber: textAt(trn, "CHECKNUM"),
    serverId: textAt(trn, "SRVRTID"),
    sic: textAt(trn, "SIC"),
    payeeId: textAt(trn, "PAYEEID"),
    correctFitId: textAt(trn, "CORRECTFITID"),
    correctAction: textAt(trn, "CORRECTACTION"),
    originalCurrency: textAt(trn, "ORIGCURRENCY/CURSYM"),
    currencyRate: textAt(trn, "ORIGCURRENCY/CURRATE"),
    accountType,
    name: memo && name ? name : undefined,
  });
  return {
    line: trn.line,
    account,
    bookingDate: date.day,
    bookingTime: date.time,
    valueDate: available && ofxDate(available.text, "DTAVAIL", available.line).day,
    amount,
    status: "booked",
    bankReference: fitId,
    uniqueReference: correction?.fitId ?? fitId,
    deletes: correction?.action === "DELETE" || undefined,
    customerReference: textAt(trn, "REFNUM"),
    description: memo ?? name,
    counterparty: name || counterpartyAccount ? { name, account: counterpartyAccount } : undefined,
    transactionCode: type || undefined,
    details: Object.keys(details).length ? details : undefined,
  };
}

/**
 * A correction of an earlier transaction (OFX 2.3 §11.4.4.1): REPLACE states it anew, DELETE takes
 * it back. Either names it by CORRECTFITID, which is then the id the entry is served under, so
 * that Formance corrects the one payment instead of receiving another.
 */
function correctionOf(trn: XmlNode): { fitId: string; action: "REPLACE" | "DELETE" } | undefined {
  const action = at(trn, "CORRECTACTION");
  const fitId = textAt(trn, "CORRECTFITID")?.trim();
  if (!action) {
    if (fitId) throw new FileError("<CORRECTFITID> without <CORRECTACTION>: whether it replaces or deletes the transaction is not said", at(trn, "CORRECTFITID")!.line);
    return undefined;
  }
  const verb = action.text.trim();
  if (verb !== "REPLACE" && verb !== "DELETE") throw new FileError(`<CORRECTACTION> "${verb}" is not REPLACE or DELETE`, action.line);
  if (!fitId) throw new FileError(`<CORRECTACTION> ${verb} names no transaction: <CORRECTFITID> is missing`, action.line);
  return { fitId, action: verb };
}

/** LEDGERBAL (the booked balance, a closing one as of DTASOF) and AVAILBAL. */
function balanceOf(bal: XmlNode, account: AccountRef) {
  const amount = required(bal, "BALAMT");
  const asOf = required(bal, "DTASOF");
  const date = ofxDate(asOf.text, `${bal.name} DTASOF`, asOf.line);
  return {
    line: bal.line,
    account,
    kind: BALANCES[bal.name]!,
    code: bal.name,
    amount: ofxAmount(amount.text, account.currency!, `${bal.name} BALAMT`, amount.line),
    date: date.day,
    time: date.time,
  };
}

function compact(values: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== "") kept[key] = value;
  return kept;
}
