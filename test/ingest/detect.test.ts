import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/ingest/detect";

describe("detecting a file's format from its content", () => {
  it.each([
    ['<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>', "camt053"],
    ['<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">', "camt053"],
    ["{1:F01ABNANL2AXXXX0000000000}{2:O940ABNANL2AXXXXN}{4:\r\n:20:X\r\n:25:NL91ABNA0417164300\r\n", "mt940"],
    [":20:STARTUMSE\n:25:50010517/5319125489\n:28C:00012/001\n", "mt940"],
    ["01,021000021,ACMECORP,250314,0615,0314A,,,2/\n02,ACMECORP,021000021,1,250313,2400,,2/\n", "bai2"],
    ["Date,Description,Amount\n2026-01-01,x,1.00\n", "csv"],
    ["\uFEFFBuchungstag;Valuta;Betrag\n", "csv"],
    ["OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>", "ofx"],
    ['<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX>', "ofx"],
    ["\r\n<OFX>\r\n  <SIGNONMSGSRSV1>", "ofx"],
  ])("%#: %s… is %s", (head, format) => {
    expect(detectFormat(head)).toBe(format);
  });

  it.each([
    ["", /the file is empty/],
    ["   \n\n", /the file is empty/],
    ["\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000\u0000\u0000\u0000", /binary/],
    ['<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>', /XML that is not a CAMT\.052, CAMT\.053 or CAMT\.054 message, nor OFX \(root element <Document>, namespace urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.03\)/],
    ["<html><body>Login</body></html>", /XML that is not a CAMT\.052, CAMT\.053 or CAMT\.054 message, nor OFX \(root element <html>\)/],
  ])("%#: refuses what it recognises but does not read", (head, message) => {
    expect(() => detectFormat(head)).toThrow(message);
  });
});
