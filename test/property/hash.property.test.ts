import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hash64, hash64 } from "../../src/model/hash";
import { PROPERTY_TIMEOUT, runs } from "./support";

describe("hash64 fed in pieces", () => {
  it("is the hash64 of the pieces joined, whatever the cuts and ranges", () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: "binary", maxLength: 40 }), { maxLength: 8 }), fc.nat(), (pieces, skip) => {
      const hash = new Hash64();
      for (const piece of pieces) hash.add(piece);
      expect(hash.hex()).toBe(hash64(pieces.join("")));
      // A range of a text is hashed as the slice it names.
      const text = pieces.join("");
      const from = text.length === 0 ? 0 : skip % text.length;
      expect(new Hash64().add(text, from, text.length - (skip % 3)).hex()).toBe(hash64(text.slice(from, text.length - (skip % 3))));
    }), runs());
  }, PROPERTY_TIMEOUT);
});
