// Adds V8 flags to a binary workerd config (Cap'n Proto, as Miniflare writes it to workerd's stdin):
// `node bench/v8-flags.mjs "<flag> <flag>..." < config > patched`. Miniflare has no option for
// workerd's `v8Flags` (Config field 2, a List(Text)), so bench/workerd-v8.sh passes the config
// through this on its way to workerd. The list and its texts are appended to the first segment
// and the root struct's third pointer is set to them; nothing else in the message moves.
import { readFileSync, writeSync } from "node:fs";

const WORD = 8;
const V8_FLAGS_POINTER = 2;

function listPointer(from, to, elementSize, count) {
  const pointer = Buffer.alloc(WORD);
  pointer.writeInt32LE(((to - from - 1) << 2) | 1, 0);
  pointer.writeUInt32LE(((count << 3) | elementSize) >>> 0, 4);
  return pointer;
}

function patch(message, flags) {
  const segments = message.readUInt32LE(0) + 1;
  const sizes = Array.from({ length: segments }, (_, i) => message.readUInt32LE(4 + 4 * i));
  const headerBytes = Math.ceil((4 + 4 * segments) / WORD) * WORD;
  const first = message.subarray(headerBytes, headerBytes + sizes[0] * WORD);
  const rest = message.subarray(headerBytes + sizes[0] * WORD);
  const root = first.readUInt32LE(0);
  if ((root & 3) !== 0) throw new Error("the config's root is not a struct pointer in the first segment");
  const dataWords = first.readUInt16LE(4);
  const pointers = first.readUInt16LE(6);
  const at = 1 + (root >> 2) + dataWords + V8_FLAGS_POINTER;
  if (pointers <= V8_FLAGS_POINTER || first.readBigUInt64LE(at * WORD) !== 0n) throw new Error("the config already has v8Flags, or no room for them");
  const list = sizes[0];
  const added = [];
  let next = list + flags.length;
  const texts = flags.map((flag, i) => {
    const bytes = Buffer.from(`${flag}\0`);
    const words = Math.ceil(bytes.length / WORD);
    added.push(listPointer(list + i, next, 2, bytes.length));
    const padded = Buffer.alloc(words * WORD);
    bytes.copy(padded);
    next += words;
    return padded;
  });
  const patched = Buffer.concat([first, ...added, ...texts]);
  listPointer(at, list, 6, flags.length).copy(patched, at * WORD);
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32LE(segments - 1, 0);
  sizes.forEach((size, i) => header.writeUInt32LE(i === 0 ? patched.length / WORD : size, 4 + 4 * i));
  return Buffer.concat([header, patched, rest]);
}

const flags = (process.argv[2] ?? "").split(" ").filter(Boolean);
writeSync(1, patch(readFileSync(0), flags));
