import { isCurrency } from "../../model/currencies";
import { formatDecimal, type Money } from "../../model/money";
import type { AccountRef, BankEntry, Counterparty } from "../../model/statement";
import { FileError } from "../../model/statement";
import type { ParseContext } from "../format";
import { accountNumber, plainText } from "./account";
import type { RowCells } from "./cells";
import type { RowBalance } from "./closing";
import { mapsEntries, usedColumns } from "./columns";
import type { DateCell } from "./date-pattern";
import type { Layout } from "./layout";
import { camelKey, headerCurrency } from "./names";
import { signedAmount } from "./signed-amount";
import { joinText } from "./text";
import { isPending } from "./words";

/** Metadata keys longer than this are not column names but sentences (a Czech bank's disclaimer header). */
const MAX_KEY = 40;

/** What a dated row says: an entry (unless the file holds balances only) and its running balance. */
export interface RowFacts {
  entry?: BankEntry | undefined;
  balance?: RowBalance | undefined;
}

/** Turns a dated row into an entry and a balance, by the layout's columns and the profile. */
export class RowMapper {
  private readonly accounts = new Map<string, AccountRef>();
  private readonly keys: readonly (readonly [number, string])[];
  private readonly used: ReadonlySet<number>;
  private readonly fileCurrency: string | undefined;
  /** The columns whose amounts may carry a currency symbol. */
  private readonly moneyColumns: readonly (number | undefined)[];

  constructor(
    private readonly layout: Layout,
    private readonly context: ParseContext,
  ) {
    this.used = new Set(usedColumns(layout.columns));
    this.keys = detailKeys(layout.names, this.used);
    const { amount, debit, credit, balance } = layout.columns;
    this.moneyColumns = [amount, debit, credit, balance];
    this.fileCurrency = headerCurrency(layout.names[amount ?? debit ?? credit ?? balance ?? -1] ?? "");
  }

  read(cells: RowCells, booking: DateCell, pendingDate: boolean): RowFacts {
    const map = this.layout.columns;
    const account = this.account(cells);
    const currency = this.currency(cells);
    const stated = cells.money(map.balance, currency);
    const amount = mapsEntries(map) ? signedAmount(cells, map, currency) : undefined;
    const balance = stated && { line: cells.line, account, date: booking.day, amount: stated, entry: amount };
    if (!amount) return { balance };
    const entry: BankEntry = {
      line: cells.line,
      account,
      bookingDate: booking.day,
      bookingTime: booking.instant,
      valueDate: this.valueDate(cells),
      amount,
      status: pendingDate || isPending(cells.text(map.status)) ? "pending" : "booked",
      bankReference: reference(cells.text(map.reference)),
      description: joinText(map.description.map((c) => cells.text(c))),
      counterparty: counterparty(cells.text(map.counterpartyName), cells.text(map.counterpartyAccount)),
      details: this.details(cells, stated),
    };
    return { entry, balance };
  }

  private valueDate(cells: RowCells): string | undefined {
    const column = this.layout.columns.valueDate;
    const text = cells.text(column);
    return text === "" || isPending(text) ? undefined : cells.date(column!).day;
  }

  /** The profile's account, else the row's account column, else the source folder. */
  private account(cells: RowCells): AccountRef {
    const own = this.context.profile?.account;
    const id = own?.id ?? accountNumber(cells.text(this.layout.columns.accountId)) ?? this.context.source;
    let account = this.accounts.get(id);
    if (!account) {
      account = { id, name: own?.name, currency: own?.currency ?? this.fileCurrency, bank: own?.bank };
      this.accounts.set(id, account);
    }
    return account;
  }

  /** The row's currency column, else a symbol on its amount, else its header ("Betrag (EUR)"), else the profile. */
  private currency(cells: RowCells): string {
    const column = this.layout.columns.currency;
    const stated = cells.text(column).toUpperCase();
    if (stated && !isCurrency(stated)) throw cells.error(column!, `"${stated}" is not an ISO 4217 currency code`);
    const found = stated || cells.symbolCurrency(this.moneyColumns) || this.fileCurrency || this.context.profile?.account?.currency;
    if (found) return found;
    const fix = `set account.currency in the profile for source ${this.context.source}`;
    if (column !== undefined) throw cells.error(column, `the row states no currency: ${fix}`);
    throw new FileError(`the file states no currency: ${fix}`, this.layout.headerLine ?? 1);
  }

  /** The columns no field uses, kept as metadata under their header's name; and the running balance. */
  private details(cells: RowCells, balance: Money | undefined): Record<string, string> | undefined {
    let details: Record<string, string> | undefined;
    const width = cells.row.cells.length;
    for (const [i, key] of this.keys) {
      if (i >= width) break;
      const value = joinText([plainText(cells.text(i))]);
      if (value) (details ??= {})[key] = value;
    }
    for (let i = this.layout.names.length; i < width; i++) {
      const value = this.used.has(i) ? undefined : joinText([plainText(cells.text(i))]);
      if (value) (details ??= {})[`column${i}`] = value;
    }
    if (balance) (details ??= {}).balance = formatDecimal(balance);
    return details;
  }
}

/** The metadata key of each column no field uses, in the order of the columns. */
function detailKeys(names: readonly string[], used: ReadonlySet<number>): [number, string][] {
  const keys: [number, string][] = [];
  const taken = new Set<string>();
  names.forEach((name, i) => {
    if (used.has(i)) return;
    let key = name ? camelKey(name) : `column${i}`;
    if (key === "" || key.length > MAX_KEY) return;
    if (taken.has(key)) key += i;
    taken.add(key);
    keys.push([i, key]);
  });
  return keys;
}

/** The bank's reference; "NONREF" is the banks' way of saying there is none. */
function reference(text: string): string | undefined {
  const ref = plainText(text);
  return ref && ref.toUpperCase() !== "NONREF" ? ref : undefined;
}

function counterparty(name: string, account: string): Counterparty | undefined {
  const party = { name: joinText([name]), account: accountNumber(account) };
  return party.name || party.account ? party : undefined;
}
