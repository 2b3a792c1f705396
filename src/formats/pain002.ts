import type { PaymentStatusReport } from "../model/payment";
import { FileError, type StatementEvent } from "../model/statement";
import { all, firstText, textAt, type XmlNode } from "./camt053/node";
import { readXml } from "./camt053/xml";
import type { FormatParser } from "./format";

/*
 * ISO 20022 pain.002 (CustomerPaymentStatusReport), the bank's answer to a pain.001: a status
 * for the whole message (OrgnlGrpInfAndSts/GrpSts), for a payment instruction
 * (OrgnlPmtInfAndSts/PmtInfSts) or for one payment (TxInfAndSts/TxSts, by OrgnlEndToEndId).
 * These elements have kept their names from .001.03 to .001.10; matched by local name.
 */

const PARTS = new Set(["OrgnlGrpInfAndSts", "OrgnlPmtInfAndSts"]);

/** True for text that opens as a pain.002 document (the first ~4 KB of it). */
export function looksLikePain002(head: string): boolean {
  if (!/^\s*</.test(head)) return false;
  return /pain\.002/.test(head) || /<([\w.-]+:)?CstmrPmtStsRpt[\s>]/.test(head);
}

export const parsePain002: FormatParser = async function* (text) {
  let messageId: string | undefined;
  let reports = 0;
  const capture = (path: readonly string[]) => path.length === 3 && PARTS.has(path[2]!);
  for await (const batch of readXml(text, capture)) {
    for (const event of batch) {
      if (event.type === "open") {
        checkRoot(event.path, event.line);
        continue;
      }
      if (event.type === "close") {
        if (event.path.length === 1 && reports === 0) throw new FileError("the pain.002 report states no status (no OrgnlGrpInfAndSts)", event.line);
        continue;
      }
      const { node } = event;
      reports++;
      if (node.name === "OrgnlGrpInfAndSts") {
        messageId = textAt(node, "OrgnlMsgId");
        const status = textAt(node, "GrpSts");
        if (status) yield statusEvent({ line: node.line, messageId, status, reason: reasonOf(node) });
        continue;
      }
      yield* paymentInstruction(node, messageId);
    }
  }
};

function* paymentInstruction(node: XmlNode, messageId: string | undefined): Generator<StatementEvent> {
  const instructionId = textAt(node, "OrgnlPmtInfId");
  const status = textAt(node, "PmtInfSts");
  if (status) yield statusEvent({ line: node.line, messageId, instructionId, status, reason: reasonOf(node) });
  for (const tx of all(node, "TxInfAndSts")) {
    const txStatus = textAt(tx, "TxSts");
    const endToEndId = textAt(tx, "OrgnlEndToEndId");
    if (!txStatus || !endToEndId) continue;
    yield statusEvent({ line: tx.line, messageId, instructionId, endToEndId, status: txStatus, reason: reasonOf(tx) });
  }
}

function statusEvent(report: PaymentStatusReport): StatementEvent {
  return { type: "paymentStatus", report };
}

/** The first reason given: its code, and the bank's words when it adds some. */
function reasonOf(node: XmlNode): string | undefined {
  const info = all(node, "StsRsnInf")[0];
  const code = firstText(info, ["Rsn/Cd", "Rsn/Prtry"]);
  const words = all(info, "AddtlInf").map((n) => n.text.trim()).filter(Boolean).join(" ");
  return [code, words].filter(Boolean).join(": ") || undefined;
}

function checkRoot(path: readonly string[], line: number): void {
  const expected = ["Document", "CstmrPmtStsRpt"];
  const depth = path.length;
  if (depth <= expected.length && path[depth - 1] !== expected[depth - 1]) {
    throw new FileError(`the file is XML but not a pain.002 status report: found <${path[depth - 1]}>, expected <${expected[depth - 1]}>`, line);
  }
}
