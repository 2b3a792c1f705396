import { beforeEach, describe, expect, it } from "vitest";
import type { PaymentOrder } from "../../src/model/payment";
import { orderKey, putOrderOnce } from "../../src/payments/orders";
import { resetBucket, testEnv } from "../support/worker";

beforeEach(resetBucket);

const order = (id: string): PaymentOrder => ({
  id, type: "PAYOUT", idempotencyKey: "k-1", requestHash: id, endToEndId: "k-1", amount: "100", currency: "EUR", exponent: 2,
  sourceAccountId: "DE89370400440532013000", destinationId: "DE02120300000000202051",
  debtor: { name: "Acme", iban: "DE89370400440532013000" }, creditor: { name: "Supplier", iban: "DE02120300000000202051" },
  createdAt: "2026-11-22T05:00:00.000Z",
});

describe("an order stored once per idempotency key", () => {
  it("keeps exactly one of racing writers, and every writer is told which (R2 put-if-absent)", async () => {
    const key = await orderKey("k-1");
    const candidates = Array.from({ length: 10 }, (_, i) => order(`payout_${i}`));
    const stored = await Promise.all(candidates.map((o) => putOrderOnce(testEnv.STATEMENTS, key, o)));
    const winners = new Set(stored.map((o) => o.id));
    expect(winners.size).toBe(1);
    expect(candidates.map((o) => o.id)).toContain([...winners][0]);
    const object = await testEnv.STATEMENTS.get(key);
    expect(((await object!.json()) as PaymentOrder).id).toBe([...winners][0]);
  });

  it("names the object by a digest of the key, whatever characters the key holds", async () => {
    expect(await orderKey("a/../b €")).toMatch(/^payments\/orders\/[0-9a-f]{64}\.json$/);
    expect(await orderKey("a")).not.toBe(await orderKey("b"));
  });
});
