import { xmlText } from "./codes";

/** What the bank rejects: a payment of a pain.001 message it was sent. */
export interface Rejection {
  messageId: string;
  instructionId?: string | undefined;
  endToEndId: string;
  /** ISO 20022 ExternalStatusReason1Code: AC01 incorrect account number, AC04 closed account, AM04 insufficient funds... */
  reason: string;
}

/**
 * A pain.002.001.10 customer payment status report rejecting payments one by one: the message
 * (OrgnlMsgId), its payment instruction (OrgnlPmtInfId) and each payment by OrgnlEndToEndId with
 * TxSts RJCT and the reason.
 */
export function pain002(rejections: readonly Rejection[], messageId: string, createdAt: string): string {
  const first = rejections[0];
  if (!first) throw new Error("a status report needs a payment to report on");
  const transactions = rejections.map((r) =>
    `<TxInfAndSts><OrgnlEndToEndId>${xmlText(r.endToEndId)}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>${r.reason}</Cd></Rsn></StsRsnInf></TxInfAndSts>`);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>`,
    `<GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>${createdAt}</CreDtTm></GrpHdr>`,
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${xmlText(first.messageId)}</OrgnlMsgId><OrgnlMsgNmId>pain.001</OrgnlMsgNmId></OrgnlGrpInfAndSts>`,
    `<OrgnlPmtInfAndSts>${first.instructionId ? `<OrgnlPmtInfId>${xmlText(first.instructionId)}</OrgnlPmtInfId>` : ""}`,
    ...transactions,
    `</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`,
    "",
  ].join("\n");
}
