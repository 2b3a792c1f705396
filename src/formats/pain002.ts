import type { PaymentStatusReport } from "../model/payment";
import { FileError, type StatementEvent } from "../model/statement";
import { all, firstText, textAt, type XmlNode } from "./camt053/node";
import { type XmlEvent, type XmlPosition, xmlRecords } from "./camt053/xml";
import { parserOf, type RecordReducer, type ResumableParser } from "./format";
import { reduceRecords } from "./reading";

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

/** What a report has said so far: the message it answers, and how many status parts it gave. */
interface ReportState {
  messageId: string | undefined;
  reports: number;
}

/** Where a pain.002 reading stands just past a status part: the report's state and the XML around it. */
interface Pain002State {
  report: ReportState;
  xml: XmlPosition;
}

/** Reads a pain.002 report, or its rest from just past a status part with the state saved there. */
export const readPain002: ResumableParser = (text, _context, resume) => {
  const saved = resume as Pain002State | undefined;
  const report = saved ? StatusReport.restore(saved.report) : new StatusReport();
  const capture = (path: readonly string[]) => path.length === 3 && PARTS.has(path[2]!);
  return reduceRecords(xmlRecords(text, capture, saved?.xml), report, (xml, state): Pain002State => ({ report: state, xml }));
};

export const parsePain002 = parserOf(readPain002);

/** Follows the report's events: checks it is a pain.002, and turns each status part into status events. */
class StatusReport implements RecordReducer<XmlEvent, ReportState> {
  private messageId: string | undefined;
  private reports = 0;

  static restore(state: ReportState): StatusReport {
    const report = new StatusReport();
    report.messageId = state.messageId;
    report.reports = state.reports;
    return report;
  }

  snapshot(): ReportState {
    return { messageId: this.messageId, reports: this.reports };
  }

  step(event: XmlEvent): StatementEvent[] {
    if (event.type === "open") {
      checkRoot(event.path, event.line);
      return [];
    }
    if (event.type === "close") {
      if (event.path.length === 1 && this.reports === 0) throw new FileError("the pain.002 report states no status (no OrgnlGrpInfAndSts)", event.line);
      return [];
    }
    const node = event.elements.node(event.element);
    this.reports++;
    if (node.name !== "OrgnlGrpInfAndSts") return [...paymentInstruction(node, this.messageId)];
    this.messageId = textAt(node, "OrgnlMsgId");
    const status = textAt(node, "GrpSts");
    return status ? [statusEvent({ line: node.line, messageId: this.messageId, status, reason: reasonOf(node) })] : [];
  }

  finish(): StatementEvent[] {
    return [];
  }
}

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
