import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuplicateKeyError, JsonSyntaxError, MAX_DEPTH, parseStrictJson } from "../../src/http/strict-json";
import { PROPERTY_TIMEOUT, runs } from "../property/support";

/** What a parser made of a text: its value, or that it refused it (and why, for ours). */
function outcome(parse: (text: string) => unknown, text: string): { value: unknown } | { refused: string } {
  try {
    return { value: parse(text) };
  } catch (error) {
    return { refused: (error as Error).name };
  }
}

/** JSON text of a value, with any of JSON's four white-space characters between tokens. */
const spacedJson = fc
  .tuple(fc.jsonValue({ maxDepth: 6 }), fc.array(fc.constantFrom(" ", "\t", "\n", "\r", "  \r\n"), { minLength: 1, maxLength: 8 }))
  .map(([value, spaces]) => {
    let i = 0;
    const space = () => spaces[i++ % spaces.length]!;
    // Between tokens only: outside strings, where JSON.stringify's output has no white space.
    return space() + JSON.stringify(value, null, 1).replace(/\n */g, () => space()) + space();
  });

describe("parseStrictJson", () => {
  it("reads any JSON without a repeated key exactly as JSON.parse does", { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(spacedJson, (text) => {
        expect(parseStrictJson(text)).toStrictEqual(JSON.parse(text));
      }),
      runs(300),
    );
  });

  it("refuses what JSON.parse refuses, and reads what it reads unless a key is repeated", { timeout: PROPERTY_TIMEOUT }, () => {
    // Near-JSON: valid texts with a character removed, added or replaced, and plain strings of JSON's characters.
    const near = fc.oneof(
      fc.tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom("", ",", ":", "{", "}", "[", "]", '"', "\\", "-", "0", "e", ".", " ", "\u0000", "\u00a0", "\ufeff"), fc.nat(2))
        .map(([text, at, char, removed]) => text.slice(0, at % (text.length + 1)) + char + text.slice((at % (text.length + 1)) + removed)),
      fc.string({ unit: fc.constantFrom(..."{}[]:,\"\\ -+.0123456789eEtrufalsn\t\n\r\u00e9") }),
    );
    fc.assert(
      fc.property(near, (text) => {
        const theirs = outcome(JSON.parse, text);
        const ours = outcome(parseStrictJson, text);
        // A key repeated before the text goes wrong is reported first: a refusal all the same.
        if ("refused" in theirs) expect(["JsonSyntaxError", "DuplicateKeyError"]).toContain((ours as { refused?: string }).refused);
        else if ("refused" in ours) expect(ours.refused).toBe("DuplicateKeyError");
        else expect(ours.value).toStrictEqual(theirs.value);
      }),
      runs(2000),
    );
  });

  it("refuses an object that gives a key twice, at any depth, naming the key's path", { timeout: PROPERTY_TIMEOUT }, () => {
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !k.includes("."));
    fc.assert(
      fc.property(key, fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), fc.array(key, { maxLength: 4 }), (repeated, first, second, outer) => {
        let text = `{${JSON.stringify(repeated)}:${JSON.stringify(first)},"other":1,${JSON.stringify(repeated)}:${JSON.stringify(second)}}`;
        for (const name of [...outer].reverse()) text = `{${JSON.stringify(name)}:${text}}`;
        let error: unknown;
        try {
          parseStrictJson(text);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DuplicateKeyError);
        expect((error as DuplicateKeyError).key).toBe([...outer, repeated].join("."));
      }),
      runs(300),
    );
  });

  it.each([
    ['{"amount":"1","amount":"999"}', "amount", 14],
    ['{"metadata":{"ref":"a","ref":"b"}}', "metadata.ref", 23],
    ['{"a":1,"\\u0061":2}', "a", 7],
    ['[{"id":1},{"id":2,"id":3}]', "[1].id", 18],
    ['{"__proto__":1,"__proto__":2}', "__proto__", 15],
  ])("refuses %s as giving %s twice (at offset %i)", (text, key, offset) => {
    expect(() => parseStrictJson(text)).toThrow(new DuplicateKeyError(key, offset));
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it("keeps __proto__ as a plain key, as JSON.parse does", () => {
    const value = parseStrictJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value).toStrictEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
  });

  it("says where the text stops being JSON", () => {
    expect(() => parseStrictJson('{"a":1,}')).toThrow(new JsonSyntaxError("expected a key in double quotes", 7));
    expect(() => parseStrictJson('{"a" 1}')).toThrow(new JsonSyntaxError('expected ":"', 5));
    expect(() => parseStrictJson('{"a":1')).toThrow(/expected "," or "}" \(the body ends there\) at character 7/);
    expect(() => parseStrictJson('"tab\there"')).toThrow(/control character/);
    expect(() => parseStrictJson('"\\x41"')).toThrow(/not a JSON escape/);
    expect(() => parseStrictJson("")).toThrow(/expected a JSON value/);
    expect(() => parseStrictJson("01")).toThrow(/unexpected text after the JSON value at character 2/);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels, which a 64 KB body of brackets could otherwise reach`, () => {
    expect(parseStrictJson(`${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}`)).toBeDefined();
    expect(() => parseStrictJson(`${"[".repeat(MAX_DEPTH + 1)}${"]".repeat(MAX_DEPTH + 1)}`)).toThrow(new JsonSyntaxError(`nested deeper than ${MAX_DEPTH} levels`, MAX_DEPTH));
    expect(() => parseStrictJson("[".repeat(32_000))).toThrow(JsonSyntaxError);
  });

  it("reads a 64 KB string in one token", () => {
    const long = "é\\n".repeat(21_000);
    expect(parseStrictJson(`{"description":"${long}"}`)).toEqual({ description: "é\n".repeat(21_000) });
  });
});
