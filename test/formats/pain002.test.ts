import { describe, expect, it } from "vitest";
import { textChunks } from "../../src/formats/lines";
import { looksLikePain002, parsePain002 } from "../../src/formats/pain002";
import type { PaymentStatusReport } from "../../src/model/payment";
import { FileError } from "../../src/model/statement";
import { collect } from "../support/parsing";

async function reports(xml: string): Promise<PaymentStatusReport[]> {
  const events = await collect(parsePain002(textChunks(xml), { fileName: "status.xml", source: "bank" }));
  return events.flatMap((e) => (e.type === "paymentStatus" ? [e.report] : []));
}

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<p:Document xmlns:p="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <p:CstmrPmtStsRpt>
    <p:GrpHdr><p:MsgId>STS-9</p:MsgId><p:CreDtTm>2026-11-22T10:00:00</p:CreDtTm></p:GrpHdr>
    <p:OrgnlGrpInfAndSts>
      <p:OrgnlMsgId>SC20261122A</p:OrgnlMsgId>
      <p:OrgnlMsgNmId>pain.001.001.09</p:OrgnlMsgNmId>
      <p:GrpSts>PART</p:GrpSts>
    </p:OrgnlGrpInfAndSts>
    <p:OrgnlPmtInfAndSts>
      <p:OrgnlPmtInfId>SC20261122A-1</p:OrgnlPmtInfId>
      <p:TxInfAndSts>
        <p:OrgnlEndToEndId>invoice-1</p:OrgnlEndToEndId>
        <p:TxSts>RJCT</p:TxSts>
        <p:StsRsnInf><p:Rsn><p:Cd>AC04</p:Cd></p:Rsn><p:AddtlInf>Account closed</p:AddtlInf></p:StsRsnInf>
      </p:TxInfAndSts>
      <p:TxInfAndSts>
        <p:OrgnlEndToEndId>invoice-2</p:OrgnlEndToEndId>
        <p:TxSts>ACCP</p:TxSts>
      </p:TxInfAndSts>
    </p:OrgnlPmtInfAndSts>
    <p:OrgnlPmtInfAndSts>
      <p:OrgnlPmtInfId>SC20261122A-2</p:OrgnlPmtInfId>
      <p:PmtInfSts>RJCT</p:PmtInfSts>
      <p:StsRsnInf><p:Rsn><p:Prtry>LIMIT</p:Prtry></p:Rsn></p:StsRsnInf>
    </p:OrgnlPmtInfAndSts>
  </p:CstmrPmtStsRpt>
</p:Document>`;

describe("pain.002", () => {
  it("is told from its namespace or root element", () => {
    expect(looksLikePain002(REPORT)).toBe(true);
    expect(looksLikePain002("<Document><CstmrPmtStsRpt>")).toBe(true);
    expect(looksLikePain002('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">')).toBe(false);
  });

  it("reports the group, each payment instruction and each transaction status, with reasons", async () => {
    expect(await reports(REPORT)).toEqual([
      { line: 5, messageId: "SC20261122A", status: "PART", reason: undefined },
      { line: 12, messageId: "SC20261122A", instructionId: "SC20261122A-1", endToEndId: "invoice-1", status: "RJCT", reason: "AC04: Account closed" },
      { line: 17, messageId: "SC20261122A", instructionId: "SC20261122A-1", endToEndId: "invoice-2", status: "ACCP", reason: undefined },
      { line: 22, messageId: "SC20261122A", instructionId: "SC20261122A-2", status: "RJCT", reason: "LIMIT" },
    ]);
  });

  it("refuses XML that is another message, with what it found", async () => {
    const error = await reports('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).reason).toMatch(/not a pain\.002 status report: found <CstmrCdtTrfInitn>/);
  });

  it("refuses a report without any status", async () => {
    const error = await reports("<Document><CstmrPmtStsRpt><GrpHdr><MsgId>X</MsgId></GrpHdr></CstmrPmtStsRpt></Document>").catch((e: unknown) => e);
    expect((error as FileError).reason).toMatch(/states no status/);
  });
});
