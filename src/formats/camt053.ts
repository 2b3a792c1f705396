import { FileError, type AccountRef, type EntryStatus, type StatementEvent } from "../model/statement";
import { Elements } from "./camt053/elements";
import { type EntryContext, entryEvents } from "./camt053/entry";
import type { XmlNode } from "./camt053/node";
import { accountNumber, accountOf, balanceOf } from "./camt053/statement";
import { dateTimeIn, type CamtDate } from "./camt053/values";
import { type XmlEvent, type XmlPosition, xmlRecords } from "./camt053/xml";
import { type ParseContext, parserOf, type RecordReducer, type ResumableParser } from "./format";
import { reduceRecords } from "./reading";

/*
 * ISO 20022 bank-to-customer cash management messages, versions .001.02 to .001.13: camt.053
 * (BankToCustomerStatement, its Stmt), camt.052 (BankToCustomerAccountReport, the intraday Rpt)
 * and camt.054 (BankToCustomerDebitCreditNotification, its Ntfctn). The three share the account,
 * balance and entry elements, under Stmt, Rpt or Ntfctn: one reader reads them all. The elements
 * read here have kept their names and places; where a version moved one (Sts/Cd from .08, Pty/Nm
 * from .08, TxDtls/Amt from .03) both shapes are read. Elements are matched by local name, so the
 * namespace version and any prefix are ignored.
 */

/** Each message: its element in Document, the element of each statement, report or notification in it. */
interface CamtMessage {
  name: string;
  part: string;
  /** What a part is called in messages. */
  word: string;
  /** The status of an entry without Sts (the schemas require it; a report's entries are pending until booked). */
  status: EntryStatus;
}

const MESSAGES: Readonly<Record<string, CamtMessage>> = {
  BkToCstmrStmt: { name: "camt.053", part: "Stmt", word: "statement", status: "booked" },
  BkToCstmrAcctRpt: { name: "camt.052", part: "Rpt", word: "report", status: "pending" },
  BkToCstmrDbtCdtNtfctn: { name: "camt.054", part: "Ntfctn", word: "notification", status: "booked" },
};
/** Children of a part read before its first balance or entry, which the schemas place after them. */
const HEADER = new Set(["Id", "CreDtTm", "Acct"]);

/** True for text that opens as a camt.052, camt.053 or camt.054 document (the first ~4 KB of it). */
export function looksLikeCamt053(head: string): boolean {
  if (!/^\uFEFF?\s*</.test(head)) return false;
  return /camt\.05[234]/.test(head) || /<([\w.-]+:)?(BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)[\s>]/.test(head);
}

/** Where a camt.053 reading stands just past a Bal or an Ntry: the document's state and the XML around it. */
export interface CamtState {
  document: DocumentState;
  xml: XmlPosition;
}

/** Reads camt.052, .053 or .054 text, or its rest from just past a Bal or an Ntry (or a header part) with the state saved there. */
export const readCamt053: ResumableParser = (text, context, resume) => {
  const saved = resume as CamtState | undefined;
  const document = saved ? CamtDocument.restore(saved.document, context) : new CamtDocument(context);
  return reduceRecords(xmlRecords(text, isCaptured, saved?.xml), document, (xml, state): CamtState => ({ document: state, xml }));
};

export const parseCamt053 = parserOf(readCamt053);

function isCaptured(path: readonly string[]): boolean {
  return path.length === 4 && isPart(path) && (HEADER.has(path[3]!) || path[3] === "Bal" || path[3] === "Ntry");
}

/** Whether the path's third element is a statement, report or notification of its message. */
function isPart(path: readonly string[]): boolean {
  return MESSAGES[path[1]!]?.part === path[2];
}

/** The Stmt, Rpt or Ntfctn being read: its header until the first balance or entry, then its account. */
interface OpenStatement {
  line: number;
  header: Map<string, XmlNode>;
  account?: AccountRef | undefined;
  /** The account number as the file gives it, whatever the profile calls the account. */
  holder?: string | undefined;
  created?: CamtDate | undefined;
}

interface DocumentState {
  namespace: string;
  /** The message's element in Document, once read. */
  message?: string | undefined;
  statement: (Omit<OpenStatement, "header"> & { header: [string, XmlNode][] }) | undefined;
  statements: number;
}

/** Follows the document's events: checks it is a camt.052, .053 or .054, and maps each Stmt (Rpt, Ntfctn), Bal and Ntry. */
class CamtDocument implements RecordReducer<XmlEvent, DocumentState> {
  private namespace = "";
  private message: string | undefined;
  private statement: OpenStatement | undefined;
  private statements = 0;
  /** What the entries of the statement being read share, made at its first entry (not part of the state saved). */
  private entryContext: EntryContext | undefined;

  constructor(private readonly context: ParseContext) {}

  static restore(state: DocumentState, context: ParseContext): CamtDocument {
    const document = new CamtDocument(context);
    document.namespace = state.namespace;
    document.message = state.message;
    document.statement = state.statement && { ...state.statement, header: new Map(state.statement.header) };
    document.statements = state.statements;
    return document;
  }

  snapshot(): DocumentState {
    const statement = this.statement && { ...this.statement, header: [...this.statement.header] };
    return { namespace: this.namespace, message: this.message, statement, statements: this.statements };
  }

  step(event: XmlEvent): StatementEvent[] {
    if (event.type === "open") return this.open(event.path, event.uri, event.line);
    if (event.type === "node") return this.node(event.elements, event.element);
    return this.close(event.path, event.line);
  }

  /** The XML reader refuses a document cut short: past its root's end, nothing is held. */
  finish(): StatementEvent[] {
    return [];
  }

  private open(path: readonly string[], uri: string, line: number): StatementEvent[] {
    const depth = path.length;
    if (depth === 1) this.namespace = uri;
    if ((depth === 1 && path[0] !== "Document") || (depth === 2 && !MESSAGES[path[1]!])) {
      const seen = [...path].reverse().map((name) => `<${name}>`).join(" in ");
      throw new FileError(
        `the file is XML but not a camt.052, camt.053 or camt.054 bank-to-customer message: found ${seen} (namespace "${this.namespace}"), ` +
          "expected <BkToCstmrStmt>, <BkToCstmrAcctRpt> or <BkToCstmrDbtCdtNtfctn> in <Document>",
        line,
      );
    }
    if (depth === 2) this.message = path[1];
    if (depth === 3 && isPart(path)) {
      this.statement = { line, header: new Map() };
      this.entryContext = undefined;
    }
    return [];
  }

  private node(elements: Elements, element: number): StatementEvent[] {
    const statement = this.statement!;
    const name = elements.name(element);
    if (HEADER.has(name)) {
      // Kept as a node: the header is part of the state saved between steps.
      statement.header.set(name, elements.node(element));
      return [];
    }
    const started = statement.account ? undefined : this.start(statement, elements.attribute(elements.child(element, "Amt"), "Ccy"));
    const account = statement.account!;
    // Each event list made at its length: pushed onto an empty array, an entry's one event had room for sixteen.
    let events: StatementEvent[];
    if (name === "Bal") events = [{ type: "balance", balance: balanceOf(elements, element, account) }];
    else {
      this.entryContext ??= { account, holder: statement.holder, created: statement.created, status: MESSAGES[this.message!]!.status };
      events = entryEvents(elements, element, this.entryContext);
    }
    return started ? started.concat(events) : events;
  }

  private close(path: readonly string[], line: number): StatementEvent[] {
    if (path.length === 3 && isPart(path)) {
      const events = this.start(this.statement!, undefined);
      this.statement = undefined;
      this.statements++;
      return events;
    }
    if (path.length === 1 && this.statements === 0) {
      const message = MESSAGES[this.message ?? "BkToCstmrStmt"]!;
      throw new FileError(`the ${message.name} document contains no ${message.word} (<${message.part}>): there is nothing to import`, line);
    }
    return [];
  }

  /** The statement event, once, when its header is complete (the first balance or entry, or its end). */
  private start(statement: OpenStatement, amountCurrency: string | undefined): StatementEvent[] {
    if (statement.account) return [];
    const header = statement.header;
    const elements = new Elements();
    const acct = elements.load(header.get("Acct"));
    statement.account = accountOf(elements, acct, this.context.profile?.account, amountCurrency, statement.line);
    statement.holder = accountNumber(elements, acct);
    const id = header.get("Id")?.text.trim() || undefined;
    statement.created = dateTimeIn(elements, elements.load(header.get("CreDtTm")), "statement creation time");
    return [{ type: "statement", statement: { line: statement.line, account: statement.account, id } }];
  }
}
