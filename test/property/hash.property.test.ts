import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalHash, hash64 } from "../../src/model/hash";
import { PROPERTY_TIMEOUT, runs } from "./support";

/** The canonical text written out: a copy with every object's keys set in sorted order, omitted keys left out, stringified. */
function canonicalText(value: unknown, omitted: ReadonlySet<string>): string {
  const sorted = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(sorted);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      if (omitted.has(key)) continue;
      Object.defineProperty(copy, key, { value: sorted((v as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return JSON.stringify(sorted(value));
}

// Any UTF-16 text: quotes, backslashes, control characters, lone and paired surrogates.
const text = fc.string({ unit: "binary" });
const json = fc.jsonValue({ depthSize: "small" }).chain((base) =>
  fc.oneof(fc.constant(base), fc.dictionary(text, fc.oneof(text, fc.constant(base), fc.constant(undefined)))),
);

describe("canonicalHash", () => {
  it(
    "is hash64 of the value's JSON with keys sorted and the omitted keys left out",
    () => {
      fc.assert(
        fc.property(json, fc.uniqueArray(text, { maxLength: 3 }), (value, names) => {
          const omitted = new Set(names);
          expect(canonicalHash(value, omitted)).toBe(hash64(canonicalText(value, omitted)));
        }),
        runs(500),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it("does not depend on the order keys were set in, at any depth", () => {
    const a = { b: 1, a: { y: ["x", { q: null, p: true }], x: "\u0000\"\\\ud800" } };
    const b = { a: { x: "\u0000\"\\\ud800", y: ["x", { p: true, q: null }] }, b: 1 };
    expect(canonicalHash(a)).toBe(canonicalHash(b));
    expect(canonicalHash(a)).toBe(hash64('{"a":{"x":"\\u0000\\"\\\\\\ud800","y":["x",{"p":true,"q":null}]},"b":1}'));
  });

  it("writes array-index keys first, ascending, as JSON.stringify writes any object", () => {
    expect(canonicalHash({ b: 1, "10": 2, a: 4, "2": 3, "01": 5 })).toBe(hash64('{"2":3,"10":2,"01":5,"a":4,"b":1}'));
  });

  it("leaves out an omitted key wherever it is, and keys whose value is undefined", () => {
    const omitted = new Set(["sourceFile"]);
    expect(canonicalHash({ id: "t", metadata: { sourceFile: "a.csv", note: "n" }, gone: undefined }, omitted)).toBe(hash64('{"id":"t","metadata":{"note":"n"}}'));
  });
});
