import type { Day } from "../../model/day";
import { fromMinor } from "../../model/money";
import type { Profile } from "../../model/profile";
import type { AccountRef, BankEntry, StatedBalance } from "../../model/statement";
import { balanceKind, direction, isStatusCode, typeCode, undoing } from "./codes";
import type { Fields } from "./fields";
import { readFunds } from "./funds";

/** What an 02 group header says about the accounts under it. */
export interface Group {
  asOf: Day;
  /** The group's currency when the 02 states one. */
  currency: string | undefined;
  /** The originator: the bank that reports. */
  bank: string | undefined;
  /** As-of-date modifier 1 or 3: the balances are interim, not final. */
  interim: boolean;
}

export interface Account {
  ref: AccountRef;
  currency: string;
}

type ProfileAccount = NonNullable<Profile["account"]>;

/** An 03 account identifier: the account, and the balances among its status items. */
export interface AccountIdentifier {
  account: Account;
  balances: StatedBalance[];
  /** The sum of every amount the 03 reports, for the 49 control total. */
  total: bigint;
}

export function readAccountIdentifier(fields: Fields, group: Group, profile: ProfileAccount | undefined): AccountIdentifier {
  const number = fields.next();
  // An 03 without currency takes the group's, and a group without one is USD (BAI2);
  // the profile's currency only fills in when the file states none at all.
  const currency = fields.currency() ?? group.currency ?? profile?.currency ?? "USD";
  const id = profile?.id ?? number;
  if (!id) fields.fail("the 03 account identifier has no account number");
  const account = { ref: { id, name: profile?.name, currency, bank: group.bank ?? profile?.bank }, currency };
  const balances: StatedBalance[] = [];
  let total = 0n;
  while (fields.skipBlank()) {
    const item = readItem(fields, currency);
    if (!item) continue;
    total += item.amount;
    if (isStatusCode(item.code)) {
      balances.push({
        line: item.line,
        account: account.ref,
        kind: balanceKind(item.code, group.interim),
        code: item.code,
        amount: fromMinor(item.amount, currency),
        date: group.asOf,
      });
    }
  }
  return { account, balances, total };
}

/**
 * One status or summary item of an 03: type code, amount, item count, funds type. Items
 * without an amount report nothing; summary items (totals of credits, debits...) only count
 * towards the control total.
 */
function readItem(fields: Fields, currency: string): { code: string; line: number; amount: bigint } | undefined {
  const code = typeCode(fields);
  const line = fields.line;
  const amount = fields.amount(code ? `amount of type code ${code}` : "summary amount");
  fields.next(); // item count: the bank's own tally, nothing to report
  readFunds(fields, currency);
  if (code === "" && amount !== undefined) fields.fail(`summary amount ${amount} has no type code`);
  return code === "" || amount === undefined ? undefined : { code, line, amount };
}

/** A 16 transaction detail, with its amount as written (unsigned) for the control total. */
export function readDetail(fields: Fields, account: Account, group: Group, line: number): { entry: BankEntry; written: bigint } {
  const code = typeCode(fields);
  if (code === "") fields.fail("the 16 transaction detail has no type code");
  const moves = detailDirection(fields, code);
  const written = fields.amount(`amount of type code ${code}`) ?? fields.fail("the 16 transaction detail has no amount");
  if (written < 0n) {
    fields.fail(`amount ${written} of a 16 transaction detail carries a sign, but BAI2 gives the direction by the type code (${code})`);
  }
  const funds = readFunds(fields, account.currency);
  const bankReference = fields.next() || undefined;
  const customerReference = fields.next() || undefined;
  const description = fields.text();
  const details = { ...(funds.type ? { fundsType: funds.type } : {}), ...funds.details };
  const entry: BankEntry = {
    line,
    account: account.ref,
    bookingDate: group.asOf,
    valueDate: funds.valueDate,
    amount: fromMinor(moves === "debit" ? -written : written, account.currency),
    status: moves === "nonMonetary" ? "info" : "booked",
    undoes: undoing(code),
    bankReference,
    customerReference,
    description,
    transactionCode: code,
    details: Object.keys(details).length > 0 ? details : undefined,
  };
  return { entry, written };
}

function detailDirection(fields: Fields, code: string) {
  const moves = direction(code);
  if (moves) return moves;
  if (isStatusCode(code)) {
    fields.fail(`type code ${code} is an account status (balance) code: it belongs in the 03 account identifier, not in a 16 transaction detail`);
  }
  return fields.fail(`type code ${code} is not defined by BAI2 for transactions, so whether it is a credit or a debit is unknown`);
}
