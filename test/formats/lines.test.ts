import { describe, expect, it } from "vitest";
import { limitLineLength, splitLines, textChunks } from "../../src/formats/lines";
import { collect } from "../support/parsing";

describe("splitLines", () => {
  it("numbers lines ending in CRLF, LF or CR, also across chunk edges", async () => {
    const text = "a\r\nb\nc\rd\r\n\r\ne";
    for (const size of [1, 2, 3, 100]) {
      expect(await collect(splitLines(textChunks(text, size)))).toEqual([
        { number: 1, text: "a" }, { number: 2, text: "b" }, { number: 3, text: "c" },
        { number: 4, text: "d" }, { number: 5, text: "" }, { number: 6, text: "e" },
      ]);
    }
  });
});

describe("limitLineLength", () => {
  it("passes text whose lines are within the limit", async () => {
    const text = "12345\n1234\n12345";
    expect((await collect(limitLineLength(textChunks(text, 3), 5))).join("")).toBe(text);
  });

  it("fails on the first line longer than the limit, naming it, without reading on", async () => {
    const text = "ok\nstill ok\n" + "x".repeat(50) + "\nnever read";
    await expect(collect(limitLineLength(textChunks(text, 4), 10))).rejects.toThrow("line 3: the line is longer than 10 characters");
  });
});
