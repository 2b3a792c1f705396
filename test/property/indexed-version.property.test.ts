import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TransactionStatusSchema, TransactionTypeSchema } from "../../src/model/contract";
import { indexedVersionValue, readIndexedVersion, statusRank } from "../../src/model/indexed-version";
import { PROPERTY_TIMEOUT, runs } from "./support";

const hash = fc.stringMatching(/^[0-9a-f]{16}$/);
const writer = fc.stringMatching(/^[0-9a-f]{12}(-\d{1,3})?$/);
const files = fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{12}$/), { maxLength: 4 });
const link = fc.option(fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.constant("^")), { nil: undefined });
const booked = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });

describe("entry index values", { timeout: PROPERTY_TIMEOUT }, () => {
  it("read back what was written, and end with the writer (a file's own ids are told by it)", () => {
    fc.assert(
      fc.property(hash, booked, fc.constantFrom(0, 1), fc.constantFrom(...TransactionTypeSchema.options), files, link, writer, (h, b, rank, type, f, l, w) => {
        const value = indexedVersionValue({ hash: h, booked: b, rank, type, files: f, link: l }, w);
        expect(readIndexedVersion(value)).toEqual({ hash: h, booked: b, rank, type, files: f.length ? f : undefined, link: l, writer: w });
        expect(value.endsWith(`|${w}`)).toBe(true);
      }),
      runs(),
    );
  });

  it("read values written before links were kept", () => {
    fc.assert(
      fc.property(hash, booked, fc.constantFrom(0, 1), fc.constantFrom(...TransactionTypeSchema.options), files, writer, (h, b, rank, type, f, w) => {
        expect(readIndexedVersion(`${h}|${b}|${rank}|${type}|${f.join(",")}|${w}`)).toEqual({ hash: h, booked: b, rank, type, files: f.length ? f : undefined, writer: w });
      }),
      runs(),
    );
  });

  it("read values written before the files were kept", () => {
    fc.assert(
      fc.property(hash, booked, fc.constantFrom(0, 1), fc.constantFrom(...TransactionTypeSchema.options), writer, (h, b, rank, type, w) => {
        expect(readIndexedVersion(`${h}|${b}|${rank}|${type}|${w}`)).toEqual({ hash: h, booked: b, rank, type, writer: w });
      }),
      runs(),
    );
  });

  it("read values written before the rank and type were kept: booked in the balance means booked", () => {
    fc.assert(
      fc.property(hash, booked, writer, (h, b, w) => {
        const rank = b === 0n ? 0 : 1;
        expect(readIndexedVersion(`${h}|${b}|${w}`)).toEqual({ hash: h, booked: b, rank, writer: w });
        expect(readIndexedVersion(`${h}|${b}`)).toEqual({ hash: h, booked: b, rank, writer: "" });
      }),
      runs(),
    );
  });

  it("rank PENDING below every outcome", () => {
    for (const status of TransactionStatusSchema.options) expect([status, statusRank(status)]).toEqual([status, status === "PENDING" ? 0 : 1]);
  });
});
