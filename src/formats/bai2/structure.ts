import type { Profile } from "../../model/profile";
import { FileError, type StatementEvent } from "../../model/statement";
import { readAccountIdentifier, readDetail, type Account, type Group } from "./account";
import { Fields } from "./fields";
import type { RecordReducer } from "../format";
import type { Bai2Record } from "./records";

/** Control totals as the trailers state them: the sum of amounts and the number of physical records. */
interface Tally {
  total: bigint;
  records: number;
}

interface OpenGroup extends Group, Tally {
  line: number;
  accounts: number;
  /** Statements per account id so far, to tell apart an account the group reports twice. */
  statements: Map<string, number>;
}

interface OpenAccount extends Tally {
  account: Account;
  line: number;
}

/** Where the structure stands between two records: plain data. */
export interface Bai2State {
  file: (Tally & { groups: number }) | undefined;
  group: (Omit<OpenGroup, "statements"> & { statements: [string, number][] }) | undefined;
  account: OpenAccount | undefined;
  ended: boolean;
  lastLine: number;
}

const VERSION_FIELD = 8;

/**
 * Follows the nesting 01 (02 (03 16* 49)* 98)* 99, turns 03 and 16 records into events and
 * checks every trailer's control total and record count against what the file really holds.
 */
export class Bai2Structure implements RecordReducer<Bai2Record, Bai2State> {
  private file: (Tally & { groups: number }) | undefined;
  private group: OpenGroup | undefined;
  private account: OpenAccount | undefined;
  private ended = false;
  private lastLine = 0;

  constructor(private readonly profile: Profile | undefined) {}

  static restore(state: Bai2State, profile: Profile | undefined): Bai2Structure {
    const structure = new Bai2Structure(profile);
    structure.file = state.file;
    structure.group = state.group && { ...state.group, statements: new Map(state.group.statements) };
    structure.account = state.account;
    structure.ended = state.ended;
    structure.lastLine = state.lastLine;
    return structure;
  }

  /** A copy: the open levels' tallies change as records come. */
  snapshot(): Bai2State {
    const group = this.group && { ...this.group, statements: [...this.group.statements] };
    return structuredClone({ file: this.file, group, account: this.account, ended: this.ended, lastLine: this.lastLine });
  }

  step(record: Bai2Record): StatementEvent[] {
    this.lastLine = record.segments[record.segments.length - 1]?.line ?? record.line;
    if (this.ended) this.outOfOrder(record, "after the 99 file trailer");
    const fields = new Fields(record.segments);
    switch (record.code) {
      case "01":
        this.fileHeader(record, fields);
        return [];
      case "02":
        this.groupHeader(record, fields);
        return [];
      case "03":
        return this.accountIdentifier(record, fields);
      case "16":
        return [this.transactionDetail(record, fields)];
      case "49":
        this.accountTrailer(record, fields);
        return [];
      case "98":
        this.groupTrailer(record, fields);
        return [];
      case "99":
        this.fileTrailer(record, fields);
        return [];
    }
  }

  /** Called at the end of the input: a file without its 99 trailer was cut short. */
  finish(): StatementEvent[] {
    if (!this.file) throw new FileError("the file holds no BAI2 records");
    if (!this.ended) throw new FileError("the file ends without the 99 file trailer", this.lastLine);
    return [];
  }

  private fileHeader(record: Bai2Record, fields: Fields): void {
    if (this.file) throw new FileError("a second 01 file header: each upload must hold one BAI2 file", record.line);
    // Sender, receiver, creation date and time, file id, record length and block size
    // identify the transmission, not the statements (and banks vary in their format).
    for (let i = 1; i < VERSION_FIELD; i++) fields.next();
    const version = fields.next();
    if (version !== "2") fields.fail(`the 01 file header gives version "${version}": only BAI version 2 files can be read`);
    this.file = { total: 0n, records: 0, groups: 0 };
    this.count(record);
  }

  private groupHeader(record: Bai2Record, fields: Fields): void {
    const file = this.openFile(record);
    if (this.group) this.outOfOrder(record, `before the 98 trailer of the group that starts on line ${this.group.line}`);
    fields.next(); // ultimate receiver: the customer, who knows itself
    const bank = fields.next() || undefined;
    checkGroupStatus(fields);
    const asOf = fields.day("group as-of date") ?? fields.fail("the 02 group header has no as-of date");
    fields.next(); // as-of time: without a time zone it makes no instant
    const currency = fields.currency();
    const interim = asOfModifierIsInterim(fields);
    this.group = { asOf, currency, bank, interim, line: record.line, total: 0n, records: 0, accounts: 0, statements: new Map() };
    file.groups++;
    this.count(record);
  }

  private accountIdentifier(record: Bai2Record, fields: Fields): StatementEvent[] {
    const group = this.openGroup(record);
    this.noOpenAccount(record);
    const { account, balances, total } = readAccountIdentifier(fields, group, this.profile?.account);
    this.account = { account, line: record.line, total, records: 0 };
    group.accounts++;
    this.count(record);
    return [
      { type: "statement", statement: { line: record.line, account: account.ref, id: statementId(group, account.ref.id) } },
      ...balances.map((balance): StatementEvent => ({ type: "balance", balance })),
    ];
  }

  private transactionDetail(record: Bai2Record, fields: Fields): StatementEvent {
    const open = this.openAccount(record);
    const { entry, written } = readDetail(fields, open.account, this.openGroup(record), record.line);
    open.total += written;
    this.count(record);
    return { type: "entry", entry };
  }

  private accountTrailer(record: Bai2Record, fields: Fields): void {
    const open = this.openAccount(record);
    const group = this.openGroup(record);
    this.count(record);
    const trailer = `49 account trailer of account ${open.account.ref.id}`;
    checkTotal(fields, trailer, open.total, "the sum of the account's 03 and 16 amounts");
    checkCount(fields, trailer, "number of records", open.records);
    group.total += open.total;
    this.account = undefined;
  }

  private groupTrailer(record: Bai2Record, fields: Fields): void {
    const file = this.openFile(record);
    const group = this.openGroup(record);
    this.noOpenAccount(record);
    this.count(record);
    checkTotal(fields, "98 group trailer", group.total, "the sum of the group's account totals");
    checkCount(fields, "98 group trailer", "number of accounts", group.accounts);
    checkCount(fields, "98 group trailer", "number of records", group.records);
    file.total += group.total;
    this.group = undefined;
  }

  private fileTrailer(record: Bai2Record, fields: Fields): void {
    const file = this.openFile(record);
    if (this.group) this.outOfOrder(record, `before the 98 trailer of the group that starts on line ${this.group.line}`);
    this.count(record);
    checkTotal(fields, "99 file trailer", file.total, "the sum of the file's group totals");
    checkCount(fields, "99 file trailer", "number of groups", file.groups);
    checkCount(fields, "99 file trailer", "number of records", file.records);
    this.ended = true;
  }

  /** Adds the record to the tally of every level it belongs to. */
  private count(record: Bai2Record): void {
    for (const tally of [this.file, this.group, this.account]) {
      if (tally) tally.records += record.physicalRecords;
    }
  }

  private openFile(record: Bai2Record) {
    return this.file ?? this.outOfOrder(record, "before the 01 file header: the file must begin with an 01 record");
  }

  private openGroup(record: Bai2Record): OpenGroup {
    this.openFile(record);
    return this.group ?? this.outOfOrder(record, "outside a group: it must come after an 02 group header");
  }

  private openAccount(record: Bai2Record): OpenAccount {
    this.openGroup(record);
    return this.account ?? this.outOfOrder(record, "outside an account: it must come after an 03 account identifier");
  }

  private noOpenAccount(record: Bai2Record): void {
    const open = this.account;
    if (open) this.outOfOrder(record, `before the 49 trailer of account ${open.account.ref.id} (line ${open.line})`);
  }

  private outOfOrder(record: Bai2Record, where: string): never {
    throw new FileError(`${RECORD_NAMES[record.code]} ${where}`, record.line);
  }
}

const RECORD_NAMES: Record<Bai2Record["code"], string> = {
  "01": "01 file header",
  "02": "02 group header",
  "03": "03 account identifier",
  "16": "16 transaction detail",
  "49": "49 account trailer",
  "98": "98 group trailer",
  "99": "99 file trailer",
};

/**
 * Group status 1 (update) and 3 (correction) report statements. 2 (deletion) would take
 * back a group sent before, which an append-only ingestion cannot do, and 4 (test only)
 * must not reach the books: both refuse the file. A blank status is read as an update.
 */
function checkGroupStatus(fields: Fields): void {
  const status = fields.next();
  if (status === "" || status === "1" || status === "3") return;
  if (status === "2") fields.fail("group status 2 (deletion) takes back a group sent before; deletions cannot be ingested, ask the bank for a corrected file");
  if (status === "4") fields.fail("group status 4 marks a test-only group; test data is not ingested");
  fields.fail(`group status "${status}" is not 1 (update), 2 (deletion), 3 (correction) or 4 (test only)`);
}

/** As-of-date modifier: 1 interim previous-day, 2 final previous-day, 3 interim same-day, 4 final same-day. */
function asOfModifierIsInterim(fields: Fields): boolean {
  const modifier = fields.next();
  if (!["", "1", "2", "3", "4"].includes(modifier)) fields.fail(`as-of-date modifier "${modifier}" is not 1, 2, 3 or 4`);
  return modifier === "1" || modifier === "3";
}

/** `<as-of date>/<account>`; a second report of the same account in one group gets `#2`. */
function statementId(group: OpenGroup, accountId: string): string {
  const n = (group.statements.get(accountId) ?? 0) + 1;
  group.statements.set(accountId, n);
  const id = `${group.asOf}/${accountId}`;
  return n === 1 ? id : `${id}#${n}`;
}

/** A blank control total is not stated, so not checked (ministryofjustice/bai2's blank 49 example). */
function checkTotal(fields: Fields, trailer: string, found: bigint, what: string): void {
  const stated = fields.amount(`${trailer}: control total`);
  if (stated !== undefined && stated !== found) {
    fields.fail(`${trailer}: control total expected ${stated}, found ${found} (${what})`);
  }
}

function checkCount(fields: Fields, trailer: string, what: string, found: number): void {
  const stated = fields.count(`${trailer}: ${what}`);
  if (stated !== undefined && stated !== found) fields.fail(`${trailer}: ${what} expected ${stated}, found ${found}`);
}
