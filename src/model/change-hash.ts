import { hex64 } from "./hash";

/**
 * The change hash of the text `text[0, cut) + text[resume, end)` (see serialise), of its second
 * kind: "2" and 16 hex digits, of the text's UTF-8 bytes. Stored hashes of the first kind (16 hex
 * digits: hash64 of the text's characters) stay valid and are compared as they were (see
 * isFirstKind). The first kind took as long as writing the stored line it hashes: V8 reads a
 * string's characters one call at a time, about 2 ns each, and a line has 600 and more. Here the
 * text is encoded natively and its bytes read four at a time, in four lanes that wait on nothing
 * but themselves: two over the even words and two over the odd, each pair with its own constants,
 * so a collision needs both of a pair's lanes to collide.
 */
export function changeHash(text: string, cut = text.length, resume = text.length): string {
  // At most three bytes a UTF-16 unit (a pair of units takes four).
  const shared = 3 * text.length <= SHARED_BYTES.length;
  const bytes = shared ? SHARED_BYTES : new Uint8Array((3 * text.length + 3) & ~3);
  const words = shared ? SHARED_WORDS : new Int32Array(bytes.buffer);
  const length = encode(text, cut, resume, bytes);
  const whole = length >>> 2;
  let a = SEED_A;
  let b = SEED_B;
  let c = SEED_C;
  let d = SEED_D;
  let i = 0;
  for (; i + 1 < whole; i += 2) {
    const even = words[i]!;
    const odd = words[i + 1]!;
    a = firstLane(a, even);
    b = secondLane(b, even);
    c = firstLane(c, odd);
    d = secondLane(d, odd);
  }
  if (i < whole) {
    a = firstLane(a, words[i]!);
    b = secondLane(b, words[i]!);
  }
  // The last one to three bytes, as a word with zeros above them (the length tells them apart).
  let tail = 0;
  for (let at = length - 1; at >= whole << 2; at--) tail = (tail << 8) | bytes[at]!;
  c = firstLane(c, tail);
  d = secondLane(d, tail);
  const low = avalanche(a ^ ((c << 16) | (c >>> 16)) ^ length);
  const high = avalanche(b ^ ((d << 16) | (d >>> 16)) ^ Math.imul(length, P5));
  return SECOND_KIND + hex64(high, low);
}

/** Whether a stored change hash is of the first kind (see changeHash). */
export function isFirstKind(hash: string): boolean {
  return hash.length === 16;
}

const SECOND_KIND = "2";

const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;
const SEED_A = (P1 + P2) | 0;
const SEED_B = P2;
const SEED_C = 0;
const SEED_D = -P1 | 0;

/** A lane of the first of each pair taking a word. */
function firstLane(lane: number, word: number): number {
  const x = (lane + Math.imul(word, P2)) | 0;
  return Math.imul((x << 13) | (x >>> 19), P1);
}

/** A lane of the second of each pair taking the same word, with constants of its own. */
function secondLane(lane: number, word: number): number {
  const x = (lane + Math.imul(word, P4)) | 0;
  return Math.imul((x << 17) | (x >>> 15), P3);
}

/** murmur3's finaliser: every bit of the result depends on every bit of `h`. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const encoder = new TextEncoder();

/**
 * The room every stored line of up to some five thousand characters is encoded in, and its bytes
 * read four at a time (little-endian, as every Workers host is). A longer text (a CSV row can hold
 * a megabyte) gets room of its own, let go after: the isolate keeps no more than this.
 */
const SHARED_BYTES = new Uint8Array(16384);
const SHARED_WORDS = new Int32Array(SHARED_BYTES.buffer);

/** Writes the UTF-8 of `text[0, cut) + text[resume, end)` into `bytes` and returns its length. */
function encode(text: string, cut: number, resume: number, bytes: Uint8Array): number {
  const written = encoder.encodeInto(text, bytes).written!;
  // Only ASCII takes a byte a character: then the cut is where it is in the text.
  if (written === text.length) {
    if (resume > cut) bytes.copyWithin(cut, resume, written);
    return written - (resume - cut);
  }
  const head = encoder.encodeInto(text.slice(0, cut), bytes).written!;
  return head + encoder.encodeInto(text.slice(resume), bytes.subarray(head)).written!;
}
