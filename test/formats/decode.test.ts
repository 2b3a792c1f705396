import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/formats/decode";
import { chunksOf } from "../support/corpus";
import { collect } from "../support/parsing";

describe("decoding without an encoding set", () => {
  it("reads Windows-1252 after ASCII, wherever the chunks end (a byte that starts a UTF-8 character at a chunk's end included)", async () => {
    // ä (0xE4) and € (0x80), as Windows-1252 writes them; 0xE4 also starts a three-byte UTF-8 character.
    const bytes = new Uint8Array([...new TextEncoder().encode("Datum;Betrag\n"), 0x4d, 0xe4, 0x72, 0x7a, 0x3b, 0x80, 0x0a]);
    for (let size = 1; size <= bytes.length; size++) {
      expect((await collect(decodeText(chunksOf(bytes, size)))).join(""), `chunks of ${size}`).toBe("Datum;Betrag\nMärz;€\n");
    }
  });

  it("reads a last byte that would start a UTF-8 character as Windows-1252 when all before it was ASCII", async () => {
    expect((await collect(decodeText(chunksOf(new Uint8Array([0x61, 0x3b, 0xe4]), 1)))).join("")).toBe("a;ä");
  });

  it("still refuses invalid UTF-8 after real UTF-8 text in an earlier chunk, with its line", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("é\nx\n"), 0xe4, 0x0a]);
    await expect(collect(decodeText(chunksOf(bytes, 4)))).rejects.toThrow("line 3: the file is not valid utf-8 text");
  });
});
