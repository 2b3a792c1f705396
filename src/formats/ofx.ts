import { type ParseContext, parserOf, type ResumableParser } from "./format";
import { CAPTURED, OfxDocument, type OfxState } from "./ofx/document";
import { type OfxPosition, OfxSplitter } from "./ofx/markup";
import { reduceRecords, splitText } from "./reading";

/*
 * OFX (Open Financial Exchange) and Quicken's QFX, which is OFX with an INTU.BID: 1.x (SGML,
 * a `KEY:VALUE` header, leaf elements without end tags) and 2.x (XML, `<?OFX ...?>`), their bank
 * (BANKMSGSRSV1/STMTTRNRS/STMTRS) and credit card (CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS)
 * statements: each STMTTRN an entry named by its FITID, LEDGERBAL the closing balance and
 * AVAILBAL the available one, as of DTASOF. Sign-on, other message sets and unknown elements
 * (a bank's own `INTU.BID`, `CYCLECUT.INDICATOR`) are passed over.
 */

/** True for text that opens as OFX: a 1.x header, a 2.x `<?OFX ?>`, or a bare `<OFX>` (the first ~4 KB of it). */
export function looksLikeOfx(head: string): boolean {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (/^OFXHEADER\s*:/i.test(start)) return true;
  if (/^(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<\?OFX\s/i.test(start)) return true;
  return /^(<\?xml[^>]*\?>\s*)?<OFX>/i.test(start);
}

/** Where an OFX reading stands past a record: the document's state and the aggregates open around it. */
interface OfxReadingState {
  document: OfxState;
  position: { line: number; open: readonly string[] };
}

/** Reads OFX text, or its rest from just past a record with the state saved there. */
export const readOfx: ResumableParser = (text, context: ParseContext, resume) => {
  const saved = resume as OfxReadingState | undefined;
  const document = saved ? OfxDocument.restore(saved.document, context) : new OfxDocument(context);
  const splitter = new OfxSplitter((path) => CAPTURED.has(path.at(-1)!), saved?.position);
  return reduceRecords(splitText(text, splitter), document, (end: OfxPosition, state): OfxReadingState => ({
    document: state,
    position: { line: end.line, open: end.open },
  }));
};

export const parseOfx = parserOf(readOfx);
