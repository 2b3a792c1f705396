import type { Day } from "./day";
import { formatDecimal, type Money } from "./money";
import type { StatedBalance, StatementEvent } from "./statement";

/** One statement of one account in one currency: what it opened and closed with, and what it booked. */
export interface StatementSummary {
  accountId: string;
  currency: string;
  statementId?: string | undefined;
  /** Line where the statement starts. */
  line: number;
  opening?: StatedBalance | undefined;
  closing?: StatedBalance | undefined;
  /** Sum of booked entries (pending and information-only entries do not move a booked balance). */
  booked: Money;
  entries: number;
  firstDay?: Day | undefined;
  lastDay?: Day | undefined;
}

export interface TrackerState {
  current: [string, StatementSummary][];
  statementId: string | undefined;
  statementLine: number;
  done: StatementSummary[];
}

export interface StatementCheck {
  summary: StatementSummary;
  /** Present when opening + booked entries differs from the closing balance. */
  mismatch?: string | undefined;
}

/**
 * Folds events into per-statement summaries, one per account and currency. Events before
 * any `statement` event (CSV files) form one implicit statement per account and currency.
 */
export class StatementTracker {
  private current = new Map<string, StatementSummary>();
  private statementId: string | undefined;
  private statementLine = 1;
  private done: StatementSummary[] = [];

  /** Plain data to resume from in a later ingestion step. */
  snapshot(): TrackerState {
    return { current: [...this.current], statementId: this.statementId, statementLine: this.statementLine, done: this.done };
  }

  static restore(state: TrackerState): StatementTracker {
    const tracker = new StatementTracker();
    tracker.current = new Map(state.current);
    tracker.statementId = state.statementId;
    tracker.statementLine = state.statementLine;
    tracker.done = state.done;
    return tracker;
  }

  add(event: StatementEvent): void {
    if (event.type === "statement") {
      this.flush();
      this.statementId = event.statement.id;
      this.statementLine = event.statement.line;
      return;
    }
    if (event.type === "balance") {
      const b = event.balance;
      const s = this.summary(b.account.id, b.amount, b.line);
      if ((b.kind === "opening" || b.kind === "interimOpening") && !s.opening) s.opening = b;
      if (b.kind === "closing" || b.kind === "interimClosing") s.closing = b;
      return;
    }
    if (event.type === "paymentStatus") return;
    const e = event.entry;
    const s = this.summary(e.account.id, e.amount, e.line);
    s.entries++;
    if (e.status === "booked") s.booked = { ...s.booked, minor: s.booked.minor + e.amount.minor };
    if (!s.firstDay || e.bookingDate < s.firstDay) s.firstDay = e.bookingDate;
    if (!s.lastDay || e.bookingDate > s.lastDay) s.lastDay = e.bookingDate;
  }

  /** Ends the last statement and returns every statement with its check. */
  finish(): StatementCheck[] {
    this.flush();
    return this.done.map(check);
  }

  private summary(accountId: string, money: Money, line: number): StatementSummary {
    const key = `${accountId}\u0000${money.currency}`;
    let s = this.current.get(key);
    if (!s) {
      s = {
        accountId,
        currency: money.currency,
        statementId: this.statementId,
        line: Math.min(this.statementLine, line),
        booked: { minor: 0n, currency: money.currency, exponent: money.exponent },
        entries: 0,
      };
      this.current.set(key, s);
    }
    return s;
  }

  private flush(): void {
    // One at a time: spreading a statement of 200,000 accounts as arguments overflows the stack.
    for (const summary of this.current.values()) this.done.push(summary);
    this.current.clear();
  }
}

function check(summary: StatementSummary): StatementCheck {
  const { opening, closing, booked } = summary;
  if (!opening || !closing) return { summary };
  const expected = opening.amount.minor + booked.minor;
  if (expected === closing.amount.minor) return { summary };
  const fmt = (minor: bigint) => formatDecimal({ ...booked, minor });
  return {
    summary,
    mismatch:
      `opening balance ${fmt(opening.amount.minor)} on ${opening.date} plus booked entries ${fmt(booked.minor)} ` +
      `is ${fmt(expected)}, but the closing balance on ${closing.date} is ${fmt(closing.amount.minor)} ` +
      `(difference ${fmt(closing.amount.minor - expected)})`,
  };
}
