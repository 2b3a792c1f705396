import { describe, expect, it } from "vitest";
import { LineSplitter, limitLineLength, textChunks } from "../../src/formats/lines";
import { collect } from "../support/parsing";

interface Line {
  number: number;
  text: string;
  end: number;
}

/** Every line of `text` cut in chunks of `size`, numbered from `firstLine`. */
async function linesOf(text: string, size: number, firstLine?: number): Promise<Line[]> {
  const splitter = new LineSplitter(firstLine);
  const lines: Line[] = [];
  const sink = (text: string, number: number, end: number) => lines.push({ number, text, end });
  for (const chunk of await collect(textChunks(text, size))) splitter.push(chunk, sink);
  splitter.end(sink);
  return lines;
}

describe("LineSplitter", () => {
  it("numbers lines ending in CRLF, LF or CR, also across chunk edges", async () => {
    const text = "a\r\nb\nc\rd\r\n\r\ne";
    for (const size of [1, 2, 3, 100]) {
      expect((await linesOf(text, size)).map(({ number, text }) => ({ number, text }))).toEqual([
        { number: 1, text: "a" }, { number: 2, text: "b" }, { number: 3, text: "c" },
        { number: 4, text: "d" }, { number: 5, text: "" }, { number: 6, text: "e" },
      ]);
    }
  });

  it("ends each line where the next one starts, a CRLF split across chunks included", async () => {
    const text = "a\r\nb\nc\rd\r\n\r\ne";
    for (const size of [1, 2, 3, 100]) {
      expect((await linesOf(text, size)).map((line) => line.end)).toEqual([3, 5, 7, 10, 12, 13]);
    }
    expect(await linesOf("x\r", 1, 7)).toEqual([{ number: 7, text: "x", end: 2 }]);
  });

  it("finds LF line ends in a chunk without CR, and CR ends in one that has them", async () => {
    const text = "ab\ncd\n\nef\r\ngh\rij\n";
    for (const size of [1, 3, 5, 7, 100]) {
      expect((await linesOf(text, size)).map(({ text, end }) => `${text}@${end}`)).toEqual(["ab@3", "cd@6", "@7", "ef@11", "gh@14", "ij@17"]);
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
