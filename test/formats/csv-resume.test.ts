import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/formats/csv";
import { utf16le } from "../support/encodings";
import { readFrom, type Stop } from "./resume-reading";

const context = { fileName: "march.csv", source: "acct" };

/** Quoted line ends, characters of two to four UTF-8 bytes, CRLF, a continuation row, a closing balance column. */
const text =
  [
    "Date,Description,Payee,Amount,Currency,Balance",
    '2025-03-01,"Invoice 17\r\nsecond line",Café Müller,-12.50,EUR,987.50',
    "2025-03-01,Loyer € mars,Société Générale,-800.00,EUR,187.50",
    '2025-03-02,"Ticket ""A"" 😀",Zoë,25.00,EUR,212.50',
    ",and the rest of its text,,,,",
    '2025-03-03,"multi\r\nline\r\nthree",Ørsted,100.00,EUR,312.50',
    "2025-03-04,Last 𝄞,Ω Ltd,1.00,EUR,313.50",
  ].join("\r\n") + "\r\n";

/** Reads from `from` (or the start) in chunks of `size` bytes; stops after `records` records where it can. */
const read = (bytes: Uint8Array, size: number, records: number, from?: Stop) => readFrom(readCsv, context, bytes, size, records, from);

describe("a CSV reading stopped after any record and resumed from its byte offset", () => {
  for (const [name, bytes, sizes] of [
    ["UTF-8", new TextEncoder().encode(text), [1, 5, 64]],
    ["UTF-16LE", utf16le(text), [3, 7, 64]],
  ] as const) {
    it(`gives the events of one reading, chunks splitting characters, CRLFs and quoted line ends (${name})`, async () => {
      const whole = await read(bytes, 4096, Infinity);
      expect(whole.error).toBeUndefined();
      expect(whole.events.filter((e) => e.type === "entry")).toHaveLength(5);
      for (const size of sizes) {
        let stops = 0;
        for (let records = 1; records <= 8; records++) {
          const first = await read(bytes, size, records);
          if (!first.stop) {
            expect(first.events).toEqual(whole.events);
            continue;
          }
          stops++;
          const rest = await read(bytes, size, Infinity, first.stop);
          expect([...first.events, ...rest.events], `chunks of ${size}, stopped after ${records}`).toEqual(whole.events);
        }
        // Every record is a place to stop: the six data rows, the continuation row among them.
        expect(stops).toBe(6);
      }
    });
  }
});
