import type { Day } from "../../model/day";
import type { Money } from "../../model/money";
import type { AccountRef, StatementEvent } from "../../model/statement";

/** A row's running balance (the balance after it), as the closing balance it may turn out to be. */
export interface RowBalance {
  line: number;
  account: AccountRef;
  date: Day;
  amount: Money;
  /** The row's own amount, which tells the file order when all rows share one date. */
  entry?: Money | undefined;
}

export interface ClosingState {
  latest: [string, { first: RowBalance; last: RowBalance }][];
  firstDate: Day | undefined;
  lastDate: Day | undefined;
  pairs: RowBalance[];
}

/**
 * Keeps, per account and currency, the balance of the latest row by booking date. Exports list
 * rows oldest first or newest first, so both the first and the last row of the latest date are
 * kept until the end of the file tells which one came last in time.
 */
export class ClosingBalances {
  private latest = new Map<string, { first: RowBalance; last: RowBalance }>();
  private firstDate: Day | undefined;
  private lastDate: Day | undefined;
  private pairs: RowBalance[] = [];
  private lastKey: { account: AccountRef; currency: string; key: string } | undefined;

  /** Plain data to resume from in a later ingestion step. */
  snapshot(): ClosingState {
    return { latest: [...this.latest], firstDate: this.firstDate, lastDate: this.lastDate, pairs: this.pairs };
  }

  static restore(state: ClosingState): ClosingBalances {
    const closing = new ClosingBalances();
    closing.latest = new Map(state.latest);
    closing.firstDate = state.firstDate;
    closing.lastDate = state.lastDate;
    closing.pairs = state.pairs;
    return closing;
  }

  /** Every dated row, balance or not, so the order of the file shows. */
  dated(date: Day): void {
    this.firstDate ??= date;
    this.lastDate = date;
  }

  add(balance: RowBalance): void {
    const key = this.keyOf(balance.account, balance.amount.currency);
    const kept = this.latest.get(key);
    if (!kept || balance.date > kept.first.date) this.latest.set(key, { first: balance, last: balance });
    else if (balance.date === kept.first.date) kept.last = balance;
    if (balance.entry && this.pairs.length < 2) this.pairs.push(balance);
  }

  /** The key of an account and currency, kept from the row before, which mostly has the same. */
  private keyOf(account: AccountRef, currency: string): string {
    const last = this.lastKey;
    if (last?.account !== account || last.currency !== currency) {
      this.lastKey = { account, currency, key: `${account.id}\u0000${currency}` };
    }
    return this.lastKey!.key;
  }

  /** One closing balance per account and currency. */
  events(): StatementEvent[] {
    const newestFirst = this.newestFirst();
    return [...this.latest.values()].map(({ first, last }) => {
      const { line, account, date, amount } = newestFirst ? first : last;
      return { type: "balance", balance: { line, account, kind: "closing", code: "csv-balance", amount, date } };
    });
  }

  /**
   * Whether the file lists the newest rows first: its first date is later than its last. When
   * every row has the same date, the first two balances tell: oldest first, the second balance
   * is the first plus the second row's amount; newest first, the first is the second plus the first's.
   */
  private newestFirst(): boolean {
    if (this.firstDate !== this.lastDate) return this.firstDate! > this.lastDate!;
    const [a, b] = this.pairs;
    if (!a || !b || a.account.id !== b.account.id) return false;
    return a.amount.minor === b.amount.minor + a.entry!.minor && b.amount.minor !== a.amount.minor + b.entry!.minor;
  }
}
