import { describe, expect, it } from "vitest";
import { FileMapper, type MappedFile } from "../../src/map/file-mapper";
import { FileRetraction } from "../../src/map/file-retraction";
import type { StoredTransaction } from "../../src/model/contract";
import type { BankEntry, StatementEvent, Undoing } from "../../src/model/statement";
import { ownLinkTag, undoneLinkTags } from "../../src/map/undo";
import { Remembered } from "../support/remembered-facts";

// Returns and reversals linked to the entry they undo, in the map stage alone: what each is
// served as, and why one is left a transaction of its own.

const ACCOUNT = "NL91ABNA0417164300";

interface Shape {
  day: string;
  minor: bigint;
  endToEndId?: string;
  customerReference?: string;
  counterparty?: string;
  undoes?: Undoing;
  status?: BankEntry["status"];
  text?: string;
}

function event(line: number, shape: Shape): StatementEvent {
  const entry: BankEntry = {
    line,
    account: { id: ACCOUNT, currency: "EUR" },
    bookingDate: shape.day,
    amount: { minor: shape.minor, currency: "EUR", exponent: 2 },
    status: shape.status ?? "booked",
    undoes: shape.undoes,
    endToEndId: shape.endToEndId,
    customerReference: shape.customerReference,
    counterparty: shape.counterparty ? { account: shape.counterparty, name: "Northwind" } : undefined,
    description: shape.text ?? (shape.undoes ? `${shape.undoes} of ${shape.endToEndId ?? shape.customerReference ?? "a payment"}` : "payment"),
  };
  return { type: "entry", entry };
}

/** Maps files one after the other into one set of facts, as successive ingestions would; what each served. */
class Book {
  readonly facts = new Remembered();
  private files = 0;

  async map(shapes: Shape[], make = (file: MappedFile) => new FileMapper(file, this.facts, this.facts, undefined), number = ++this.files): Promise<StoredTransaction[]> {
    this.facts.nextFile();
    const file: MappedFile = { key: `inbox/bank/file-${number}.xml`, source: "bank" };
    const mapper = make(file);
    const before = this.facts.effects.length;
    for (const [i, shape] of shapes.entries()) await mapper.map(event(i + 2, shape));
    await mapper.finish();
    return this.facts.effects.slice(before).flatMap((e) => (e.type === "version" ? [JSON.parse(e.line) as StoredTransaction] : []));
  }

  /** Takes back the `number`th file mapped, which stated `shapes`. */
  retract(shapes: Shape[], number: number): Promise<StoredTransaction[]> {
    return this.map(shapes, (file) => new FileRetraction(file, this.facts, this.facts, undefined, "sent to the wrong source"), number);
  }
}

const PAYIN: Shape = { day: "2026-10-05", minor: 125000n, endToEndId: "INV-2026-117", counterparty: "DE89370400440532013000" };
const PAYOUT: Shape = { day: "2026-10-06", minor: -42000n, endToEndId: "SUP-88", counterparty: "GB29NWBK60161331926819" };

describe("a return or reversal of an entry", () => {
  it("is served as an adjustment of the payin it sends back: same type, related to its id, FAILED", async () => {
    const book = new Book();
    const [payin] = await book.map([PAYIN]);
    const [returned] = await book.map([{ day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" }]);
    expect(payin).toMatchObject({ type: "PAYIN", status: "SUCCEEDED" });
    expect(returned).toMatchObject({ type: "PAYIN", status: "FAILED", relatedTransactionID: payin!.id, amount: "125000" });
    expect(returned!.id).not.toBe(payin!.id);
    expect(returned!.metadata).toMatchObject({ undoes: "return", undoneTransactionId: payin!.id });
  });

  it("is REFUNDED when a payin is reversed, FAILED when a payout is reversed or returned", async () => {
    const book = new Book();
    const [payin, payout] = await book.map([PAYIN, PAYOUT]);
    const [reversedIn, reversedOut] = await book.map([
      { ...PAYIN, day: "2026-10-12", minor: -125000n, undoes: "reversal", counterparty: undefined },
      { ...PAYOUT, day: "2026-10-12", minor: 42000n, undoes: "reversal", counterparty: undefined },
    ]);
    expect(reversedIn).toMatchObject({ type: "PAYIN", status: "REFUNDED", relatedTransactionID: payin!.id });
    expect(reversedOut).toMatchObject({ type: "PAYOUT", status: "FAILED", relatedTransactionID: payout!.id });
    const [returnedOut] = await book.map([{ ...PAYOUT, day: "2026-10-13", minor: 42000n, undoes: "return", text: "RETURN AC04" }]);
    expect(returnedOut).toMatchObject({ type: "PAYOUT", status: "FAILED", relatedTransactionID: payout!.id });
  });

  it("finds the entry by its reference and amount, or by its counterparty's account and amount, when there is no end-to-end id", async () => {
    const book = new Book();
    const [byReference, byCounterparty] = await book.map([
      { day: "2026-10-01", minor: -9900n, customerReference: "CARD 4711" },
      { day: "2026-10-01", minor: -30000n, counterparty: "GB29 NWBK 6016 1331 9268 19" },
    ]);
    const [first, second] = await book.map([
      { day: "2026-10-02", minor: 9900n, customerReference: "CARD 4711", undoes: "reversal" },
      { day: "2026-10-03", minor: 30000n, counterparty: "GB29NWBK60161331926819", undoes: "return" },
    ]);
    expect(first!.relatedTransactionID).toBe(byReference!.id);
    expect(second!.relatedTransactionID).toBe(byCounterparty!.id);
  });

  it("is found in the same file, and up to two months before its own", async () => {
    const book = new Book();
    const [payin, returned] = await book.map([PAYIN, { day: "2026-10-20", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" }]);
    expect(returned!.relatedTransactionID).toBe(payin!.id);
    const [late] = await book.map([{ day: "2026-12-31", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return", text: "late" }]);
    expect(late!.relatedTransactionID).toBe(payin!.id);
    const [tooLate] = await book.map([{ day: "2027-01-02", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return", text: "too late" }]);
    expect(tooLate).toMatchObject({ type: "PAYOUT", status: "SUCCEEDED" });
    expect(tooLate!.relatedTransactionID).toBeUndefined();
    expect(tooLate!.metadata?.["unlinkedReason"]).toMatch(/no entry of the account with reference INV-2026-117 and amount 1250\.00 EUR the other way, booked from 2026-11-01 on/);
  });

  it("stays a transaction of its own, saying why, when no entry, several, or an entry of another amount match", async () => {
    const book = new Book();
    await book.map([PAYIN, { ...PAYIN, day: "2026-10-07", text: "second invoice, same end-to-end id" }]);
    const [ambiguous, otherAmount, nameless] = await book.map([
      { day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" },
      { day: "2026-10-09", minor: -100000n, endToEndId: "SUP-88", undoes: "return" },
      { day: "2026-10-09", minor: -500n, undoes: "reversal" },
    ]);
    expect(ambiguous!.metadata?.["unlinkedReason"]).toMatch(/^2 entries of the account match reference INV-2026-117/);
    expect(otherAmount!.metadata?.["unlinkedReason"]).toMatch(/^no entry of the account with reference SUP-88 and amount 1000\.00 EUR/);
    expect(nameless!.metadata?.["unlinkedReason"]).toMatch(/names no end-to-end id, reference or counterparty account/);
    for (const t of [ambiguous, otherAmount, nameless]) {
      expect(t!.relatedTransactionID).toBeUndefined();
      expect(t!.type).toBe("PAYOUT");
    }
  });

  it("read before the entry it undoes, stays its own payment when read again (Formance would otherwise hold both)", async () => {
    const book = new Book();
    const RETURN: Shape = { day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" };
    const [first] = await book.map([RETURN]);
    const [payin] = await book.map([PAYIN]);
    const [again] = await book.map([RETURN]);
    expect(first!.metadata?.["unlinkedReason"]).toMatch(/^no entry/);
    expect(again).toMatchObject({ id: first!.id, type: first!.type, status: "SUCCEEDED" });
    expect(again!.relatedTransactionID).toBeUndefined();
    expect(again!.metadata?.["unlinkedReason"]).toBe(`it was served as a payment of its own before the entry it undoes (${payin!.id}) was published`);
    expect(await book.map([RETURN])).toEqual([]);
  });

  it("read again when linked, is already known: nothing is served twice", async () => {
    const book = new Book();
    await book.map([PAYIN]);
    const RETURN: Shape = { day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" };
    expect(await book.map([RETURN])).toHaveLength(1);
    expect(await book.map([RETURN])).toEqual([]);
  });

  it("pending, keeps the payment's status and says a return is pending; booked, moves it on", async () => {
    const book = new Book();
    const [payin] = await book.map([PAYIN]);
    const RETURN: Shape = { day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" };
    const [pending] = await book.map([{ ...RETURN, status: "pending" }]);
    const [booked] = await book.map([RETURN]);
    expect(pending).toMatchObject({ status: "SUCCEEDED", relatedTransactionID: payin!.id, metadata: expect.objectContaining({ undoPending: "true" }) });
    expect(booked).toMatchObject({ id: pending!.id, status: "FAILED", relatedTransactionID: payin!.id });
    expect(booked!.metadata?.["undoPending"]).toBeUndefined();
  });

  it("taken back with its file, gives the payment back the status its entry has, and is no longer found", async () => {
    const book = new Book();
    const [payin] = await book.map([PAYIN]);
    const RETURN: Shape = { day: "2026-10-09", minor: -125000n, endToEndId: "INV-2026-117", undoes: "return" };
    const [returned] = await book.map([RETURN]);
    const [restored] = await book.retract([RETURN], 2);
    expect(restored).toMatchObject({ id: returned!.id, type: "PAYIN", status: "SUCCEEDED", relatedTransactionID: payin!.id });
    expect(restored!.metadata).toMatchObject({ retracted: "true", retractedReason: "sent to the wrong source" });
    // The payin's file taken back: the payin is cancelled and no return finds it any more.
    const [cancelled] = await book.retract([PAYIN], 1);
    expect(cancelled).toMatchObject({ id: payin!.id, status: "CANCELLED" });
    const [unfound] = await book.map([{ ...RETURN, day: "2026-10-10" }]);
    expect(unfound!.relatedTransactionID).toBeUndefined();
    expect(unfound!.metadata?.["unlinkedReason"]).toMatch(/^no entry/);
  });
});

describe("link tags", () => {
  it("stay what they were: the index keeps the tags of entries published before, which later returns look for", () => {
    const entry = {
      line: 3, account: { id: ACCOUNT }, bookingDate: "2026-07-03", status: "booked", amount: { minor: -123456n, currency: "EUR", exponent: 2 },
      endToEndId: "E2E-4711", counterparty: { account: "GB29 NWBK 6016 1331 9268 19" },
    } as BankEntry;
    // Taken before the tag's text was hashed in pieces.
    expect(ownLinkTag(ACCOUNT, entry)).toBe("57a37a0d6b383878");
    expect(undoneLinkTags(ACCOUNT, entry)).toEqual(["964deaa87e08d12e", "57604bd0173b6ff0"]);
  });
});
