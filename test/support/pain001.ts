import { at, all, textAt, type XmlNode } from "../../src/formats/camt053/node";
import { readXml } from "../../src/formats/camt053/xml";
import { textChunks } from "../../src/formats/lines";

/** A pain.001 file read back into its elements (local names), for tests that check what was written. */
export async function readPain001(xml: string): Promise<XmlNode> {
  for await (const batch of readXml(textChunks(xml), (path) => path.length === 1)) {
    for (const event of batch) if (event.type === "node") return event.elements.node(event.element);
  }
  throw new Error("no document element");
}

/** The facts a test checks, per transfer and per message. */
export function summarise(document: XmlNode) {
  const initiation = at(document, "CstmrCdtTrfInitn")!;
  const instructions = all(initiation, "PmtInf");
  return {
    messageId: textAt(initiation, "GrpHdr/MsgId"),
    count: textAt(initiation, "GrpHdr/NbOfTxs"),
    controlSum: textAt(initiation, "GrpHdr/CtrlSum"),
    instructions: instructions.map((i) => ({
      id: textAt(i, "PmtInfId"),
      count: textAt(i, "NbOfTxs"),
      controlSum: textAt(i, "CtrlSum"),
      debtorIban: textAt(i, "DbtrAcct/Id/IBAN"),
      debtorName: textAt(i, "Dbtr/Nm"),
      transfers: all(i, "CdtTrfTxInf").map((t) => ({
        endToEndId: textAt(t, "PmtId/EndToEndId"),
        amount: textAt(t, "Amt/InstdAmt"),
        currency: at(t, "Amt/InstdAmt")?.attributes["Ccy"],
        creditorName: textAt(t, "Cdtr/Nm"),
        creditorIban: textAt(t, "CdtrAcct/Id/IBAN"),
        remittance: textAt(t, "RmtInf/Ustrd"),
      })),
    })),
  };
}
