import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBai2 } from "../../src/formats/bai2";
import { readCamt053 } from "../../src/formats/camt053";
import { readCsv } from "../../src/formats/csv";
import type { ResumableParser } from "../../src/formats/format";
import { readMt940 } from "../../src/formats/mt940";
import { readOfx } from "../../src/formats/ofx";
import { readPain002 } from "../../src/formats/pain002";
import { corpusFiles, inCorpus } from "../support/corpus";
import { readFrom, readInSteps } from "./resume-reading";

const READS: Record<string, ResumableParser> = { csv: readCsv, camt053: readCamt053, mt940: readMt940, bai2: readBai2, pain002: readPain002, ofx: readOfx, camt052: readCamt053, camt054: readCamt053 };

const encode = (text: string) => new TextEncoder().encode(text);

/** A status report with a part per payment instruction, the text of a reason in one. */
const pain002 = encode(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>STS-1</MsgId><CreDtTm>2026-11-22T10:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>MSG-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>MSG-1-1</OrgnlPmtInfId><PmtInfSts>ACCP</PmtInfSts>
<TxInfAndSts><OrgnlEndToEndId>E2E-1</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>
<OrgnlPmtInfAndSts><OrgnlPmtInfId>MSG-1-2</OrgnlPmtInfId>
<TxInfAndSts><OrgnlEndToEndId>E2E-2</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Konto erloschen – Zoë</AddtlInf></StsRsnInf></TxInfAndSts>
<TxInfAndSts><OrgnlEndToEndId>E2E-3</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts></OrgnlPmtInfAndSts>
</CstmrPmtStsRpt></Document>
`);

/** Records packed on a line ("/   02,...", "/ 88,..."), a 16 wrapped onto a line without code, CRLF line ends. */
const packedBai2 = encode(
  [
    "01,SENDER,ACME,250314,0615,1,,,2/   02,ACME,DEUTDEFF,1,250313,2400,EUR,2/",
    "03,DE89370400440532013000,,010,1000000,,,015,1000500,,/",
    "16,175,500,Z,DEP1,,CASH DEPOSIT",
    "BRANCH 12/",
    "16,699,0,0,,,NOTE/ 88,SECOND LINE OF THE NOTE/",
    "49,2001000,5/",
    "98,2001000,1,7/",
    "99,2001000,1,9/",
  ].join("\r\n") + "\r\n",
);

function fixtures(format: string): [string, Uint8Array][] {
  const folder = new URL(`../../fixtures/${format}/`, import.meta.url);
  return readdirSync(folder).sort().map((name) => [name, new Uint8Array(readFileSync(new URL(name, folder)))]);
}

/** The shared corpus's files of a format, the small ones (when the corpus is there). */
function corpus(format: string): [string, Uint8Array][] {
  const files = corpusFiles(format).map((name): [string, Uint8Array] => [name, new Uint8Array(readFileSync(inCorpus(`${format}/${name}`)))]);
  return files.filter(([, bytes]) => bytes.length < 20_000);
}

const cases: [string, string, Uint8Array][] = [
  ...["csv", "camt053", "camt052", "camt054", "mt940", "bai2", "ofx"].flatMap((format) => fixtures(format).map(([name, bytes]): [string, string, Uint8Array] => [format, name, bytes])),
  ["pain002", "status report", pain002],
  ["bai2", "packed records", packedBai2],
];

const context = (name: string) => ({ fileName: name, source: "acct" });

describe("a reading of any format stopped after any record and resumed from its byte offset", () => {
  for (const [format, name, bytes] of cases) {
    it(`${format} ${name}: in steps of 1, 2, 3 or 5 records, the events and the error of one reading`, async () => {
      const read = READS[format]!;
      const whole = await readFrom(read, context(name), bytes, 1 << 20, Infinity);
      for (const size of [5, 4096]) {
        for (const records of [1, 2, 3, 5]) {
          const { stops, ...stepped } = await readInSteps(read, context(name), bytes, size, records);
          expect(stepped, `chunks of ${size}, steps of ${records}`).toEqual({ events: whole.events, error: whole.error });
          // Each step reads on from further in the file.
          expect(stops).toEqual([...stops].sort((a, b) => a - b));
          expect(new Set(stops).size).toBe(stops.length);
        }
      }
    });
  }

  for (const format of ["mt940", "bai2", "camt053", "csv", "ofx"]) {
    it(`${format}: the small files of the shared corpus, in steps of 1 and 3 records`, async () => {
      for (const [name, bytes] of corpus(format)) {
        const whole = await readFrom(READS[format]!, context(name), bytes, 1 << 20, Infinity);
        for (const records of [1, 3]) {
          const { stops: _, ...stepped } = await readInSteps(READS[format]!, context(name), bytes, 4096, records);
          expect(stepped, `${name}, steps of ${records}`).toEqual({ events: whole.events, error: whole.error });
        }
      }
    });
  }

  it("MT940: stops past every field, at the start of a line", async () => {
    const bytes = fixtures("mt940").find(([name]) => name === "enveloped-multi.sta")![1];
    const text = new TextDecoder().decode(bytes);
    const { stops, error } = await readInSteps(readMt940, context("enveloped-multi.sta"), bytes, 7, 1);
    expect(error).toBeUndefined();
    expect(stops).toHaveLength(text.split("\r\n").filter((line) => /^:\w+:/.test(line)).length);
    for (const offset of stops) expect(text.slice(0, offset), `offset ${offset}`).toMatch(/\r\n$/);
    // Past each field, the next one or a trailer: a line that does not continue it.
    for (const offset of stops) expect(text.slice(offset), `offset ${offset}`).toMatch(/^(:\w+:|-\})/);
  });

  it("OFX: stops past each transaction and balance, 1.x's leaves without end tags included, never inside one", async () => {
    for (const name of ["sgml-102-checking-savings.ofx", "xml-220-creditcard.qfx"]) {
      const bytes = fixtures("ofx").find(([file]) => file === name)![1];
      const text = new TextDecoder("latin1").decode(bytes);
      const { stops, error } = await readInSteps(readOfx, context(name), bytes, 5, 1);
      expect(error).toBeUndefined();
      for (const offset of stops.slice(0, -1)) {
        // At a tag, never between a start tag and its text or inside an aggregate read whole.
        expect(text.slice(offset).trimStart(), `${name} at ${offset}`).toMatch(/^</);
        const before = text.slice(0, offset);
        expect(before.split("<STMTTRN>").length, `${name} at ${offset}`).toBe(before.split("</STMTTRN>").length);
      }
      const trns = text.split("</STMTTRN>").length - 1;
      expect(stops.filter((offset) => text.slice(0, offset).endsWith("</STMTTRN>"))).toHaveLength(trns);
    }
  });

  it("BAI2: stops past a record and its continuations that ends its line, never between records packed on one line", async () => {
    const { stops, error } = await readInSteps(readBai2, context("packed.bai2"), packedBai2, 3, 1);
    expect(error).toBeUndefined();
    const text = new TextDecoder().decode(packedBai2);
    // Past the 02 (not the 01 before it on its line), the 03, the 16 and its wrapped line, the 16 and
    // the 88 on its line, the 49, the 98 and the 99.
    expect(stops.map((offset) => text.slice(offset, offset + 3))).toEqual(["03,", "16,", "16,", "49,", "98,", "99,", ""]);
  });
});
