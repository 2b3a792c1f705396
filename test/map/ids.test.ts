import { describe, expect, it } from "vitest";
import { entryId } from "../../src/map/ids";
import type { BankEntry } from "../../src/model/statement";

const entry = {
  line: 7, account: { id: "NL91ABNA0417164300" }, bookingDate: "2026-07-03", status: "booked",
  amount: { minor: -123456n, currency: "EUR", exponent: 2 },
  description: "  Invoice  4711 Straße ", counterparty: { name: "ACME GmbH", account: "GB29 NWBK 6016 1331 9268 19" },
} as BankEntry;

describe("an entry's id", () => {
  it("stays what it was: ids already served name their payments in Formance forever", () => {
    // Taken before the fingerprint's text was hashed in pieces.
    expect(entryId(entry, "NL91ABNA0417164300", () => false)).toBe("NL91ABNA0417164300:2026-07-03:99a896cf58b55d49");
    expect(entryId(entry, "NL91ABNA0417164300", (id) => !id.endsWith(":2"))).toBe("NL91ABNA0417164300:2026-07-03:99a896cf58b55d49:2");
  });
});
