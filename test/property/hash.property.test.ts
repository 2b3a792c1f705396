import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, Hash64, hash64 } from "../../src/model/hash";
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

/** 64-bit FNV-1a in two lanes, a character at a time, as ids and stored hashes were first taken. */
function reference(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return [a, b].map((lane) => (lane >>> 0).toString(16).padStart(8, "0")).join("");
}

describe("hash64", () => {
  it("is the two-lane FNV-1a of the text's UTF-16 code units, whatever its length", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 70 }), (text) => {
      expect(hash64(text)).toBe(reference(text));
    }), runs());
  }, PROPERTY_TIMEOUT);
});

describe("canonicalJson", () => {
  it("does not depend on the order keys were set in, at any depth", () => {
    const a = { b: 1, a: { y: ["x", { q: null, p: true }], x: "\u0000\"\\\ud800" } };
    const b = { a: { x: "\u0000\"\\\ud800", y: ["x", { p: true, q: null }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"\\u0000\\"\\\\\\ud800","y":["x",{"p":true,"q":null}]},"b":1}');
  });

  it("writes array-index keys first, ascending, as JSON.stringify writes any object", () => {
    expect(canonicalJson({ b: 1, "10": 2, a: 4, "2": 3, "01": 5 })).toBe('{"2":3,"10":2,"01":5,"a":4,"b":1}');
  });

  it("leaves out an omitted key wherever it is, and keys whose value is undefined", () => {
    const omitted = new Set(["sourceFile"]);
    expect(canonicalJson({ id: "t", metadata: { sourceFile: "a.csv", note: "n" }, gone: undefined }, omitted)).toBe('{"id":"t","metadata":{"note":"n"}}');
  });

  it("keeps an own __proto__ key as data", () => {
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}'))).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
  });
});
