import { describe, expect, it } from "vitest";
import { anchoredBalance } from "../../src/map/balances";
import type { AccountRecord, StatementRecord } from "../../src/model/account-book";

// Which stated balance is served when two statements close on the same day.

const statement = (file: string, closing: string, closingAt?: string): StatementRecord => ({
  file, line: 1, openingDate: "2026-12-05", opening: "100000", closingDate: "2026-12-05", closing, closingAt, booked: "0", entries: 1, firstDay: "2026-12-05", lastDay: "2026-12-05",
});

const account = (statements: StatementRecord[]): AccountRecord => ({ id: "DE89370400440532013000", name: "Main", source: "main", balances: {}, statements: { EUR: statements } });

describe("the anchor of an account's balance", () => {
  it("is, of two statements closing the same day, the one published later (a bank's second statement of the day)", () => {
    const served = anchoredBalance(account([statement("inbox/main/returned.xml", "90000"), statement("inbox/main/reversed.xml", "95000")]), "EUR", 2, undefined);
    expect(served).toMatchObject({ minor: "95000", origin: "stated", file: "inbox/main/reversed.xml" });
  });

  it("is the one closing later in the day where both statements say when, whatever order they came in", () => {
    const served = anchoredBalance(
      account([statement("inbox/main/evening.xml", "95000", "2026-12-05T18:00:00Z"), statement("inbox/main/morning.xml", "90000", "2026-12-05T09:00:00Z")]),
      "EUR", 2, undefined,
    );
    expect(served).toMatchObject({ minor: "95000", file: "inbox/main/evening.xml", at: "2026-12-05T18:00:00Z" });
  });
});
