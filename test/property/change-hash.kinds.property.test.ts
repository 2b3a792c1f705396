import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeHash, isFirstKind } from "../../src/model/change-hash";
import { hash64 } from "../../src/model/hash";
import { PROPERTY_TIMEOUT, runs } from "./support";

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The second kind of change hash written plainly: the UTF-8 bytes of the pieces, taken as
 * little-endian words, the even ones into lanes a and b, the odd ones into c and d, the last one
 * to three bytes as one more word into c and d, then the lanes mixed with the byte length.
 */
function reference(...pieces: string[]): string {
  const bytes = pieces.flatMap((piece) => [...new TextEncoder().encode(piece)]);
  const words: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) words.push(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  const rest = bytes.slice(words.length * 4);
  const tail = rest.reduce((word, byte, i) => word | (byte << (8 * i)), 0);
  const [P1, P2, P3, P4, P5] = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1];
  const first = (lane: number, word: number) => Math.imul(rotl((lane + Math.imul(word, P2)) | 0, 13), P1);
  const second = (lane: number, word: number) => Math.imul(rotl((lane + Math.imul(word, P4)) | 0, 17), P3);
  let [a, b, c, d] = [(P1 + P2) | 0, P2 | 0, 0, -P1 | 0];
  words.forEach((word, i) => {
    if (i % 2 === 0) [a, b] = [first(a, word), second(b, word)];
    else [c, d] = [first(c, word), second(d, word)];
  });
  [c, d] = [first(c, tail), second(d, tail)];
  const low = mix(a ^ rotl(c, 16) ^ bytes.length);
  const high = mix(b ^ rotl(d, 16) ^ Math.imul(bytes.length, P5));
  return `2${[high, low].map((lane) => (lane >>> 0).toString(16).padStart(8, "0")).join("")}`;
}

/** Texts of every kind: ASCII (one byte a character), any code point, lone surrogates, and longer than the shared room (16 KB) holds. */
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ minLength: 1400, maxLength: 5000 }),
  fc.string({ minLength: 5400, maxLength: 7000 }),
  fc.string({ unit: "grapheme", minLength: 1400, maxLength: 2000 }),
);

describe("the change hash of the second kind", () => {
  it("is of the text's UTF-8 bytes as written plainly, and of a cut text as of the bytes of the two parts it keeps", () => {
    fc.assert(fc.property(text, fc.nat(), fc.nat(), (whole, x, y) => {
      expect(changeHash(whole)).toBe(reference(whole));
      // Cut only between code points, as a stored line is cut (before a JSON member).
      const points = [...whole];
      const at = (n: number) => points.slice(0, n % (points.length + 1)).join("").length;
      const [cut, resume] = [at(x), at(y)].sort((p, q) => p - q) as [number, number];
      expect(changeHash(whole, cut, resume)).toBe(reference(whole.slice(0, cut), whole.slice(resume)));
    }), runs());
  }, PROPERTY_TIMEOUT);

  it("is told from the first kind by its length", () => {
    fc.assert(fc.property(text, (t) => {
      expect(isFirstKind(hash64(t))).toBe(true);
      expect(isFirstKind(changeHash(t))).toBe(false);
    }), runs());
  }, PROPERTY_TIMEOUT);

  it("changes with any one byte, and with zeros added at the end", () => {
    const line = '{"amount":"1234","currency":"EUR/2","id":"a","metadata":{"description":"Invoice 7"},"status":"SUCCEEDED","type":"PAYIN"}';
    const seen = new Set([changeHash(line)]);
    for (let i = 0; i < line.length; i++) seen.add(changeHash(line.slice(0, i) + String.fromCharCode(line.charCodeAt(i) ^ 1) + line.slice(i + 1)));
    for (const zeros of ["\u0000", "\u0000\u0000", "\u0000\u0000\u0000", "\u0000\u0000\u0000\u0000"]) seen.add(changeHash(line + zeros));
    expect(seen.size).toBe(line.length + 5);
  });

  it("stays what it is: stored hashes are compared with those of every later delivery", () => {
    expect(changeHash("")).toBe("284e34aae8cd22b09");
    expect(changeHash('{"amount":"1234","id":"a"}')).toBe("29fc83d97dead495b");
    expect(changeHash("Überweisung € 12,30")).toBe("27e38653d806d5247");
  });
});
