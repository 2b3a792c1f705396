import type { Day } from "../model/day";
import { formatDecimal, type Money } from "../model/money";
import type { Pain001Version } from "../model/payment";

/**
 * ISO 20022 pain.001 (CustomerCreditTransferInitiation), versions .001.03 and .001.09: the
 * subset this service sends, one PmtInf per debtor account. Pure: a message in, XML text out.
 * Element names, order and types follow the ISO message definition; the fields used are the
 * same in both versions except the execution date (a plain date in .03, a Dt/DtTm choice in
 * .09) and the debtor agent's BIC element (BIC in .03, BICFI in .09).
 */
export interface Pain001Message {
  version: Pain001Version;
  messageId: string;
  /** RFC 3339 instant the message was created. */
  createdAt: string;
  initiatingParty: string;
  executionDate: Day;
  instructions: Pain001Instruction[];
}

export interface Pain001Instruction {
  id: string;
  debtor: { name: string; iban: string; bic?: string | undefined };
  transfers: Pain001Transfer[];
}

export interface Pain001Transfer {
  endToEndId: string;
  amount: Money;
  creditor: { name: string; iban: string };
  remittance?: string | undefined;
}

/** Characters XML 1.0 cannot carry at all, escaped or not. */
export const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The largest InstdAmt: ActiveOrHistoricCurrencyAndAmount allows 18 digits in all. */
export const MAX_AMOUNT_DIGITS = 18;

export function writePain001(message: Pain001Message): string {
  const transfers = message.instructions.flatMap((i) => i.transfers);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${message.version}">`,
    `<CstmrCdtTrfInitn>`,
    `<GrpHdr>`,
    element("MsgId", message.messageId),
    element("CreDtTm", message.createdAt.replace(/\.\d+Z$/, "Z")),
    element("NbOfTxs", String(transfers.length)),
    element("CtrlSum", controlSum(transfers)),
    `<InitgPty>${element("Nm", message.initiatingParty)}</InitgPty>`,
    `</GrpHdr>`,
    ...message.instructions.flatMap((instruction) => instructionLines(message, instruction)),
    `</CstmrCdtTrfInitn>`,
    `</Document>`,
  ];
  return lines.join("\n") + "\n";
}

function instructionLines(message: Pain001Message, instruction: Pain001Instruction): string[] {
  const { debtor, transfers } = instruction;
  const date = message.version === "pain.001.001.03" ? message.executionDate : element("Dt", message.executionDate);
  return [
    `<PmtInf>`,
    element("PmtInfId", instruction.id),
    element("PmtMtd", "TRF"),
    element("NbOfTxs", String(transfers.length)),
    element("CtrlSum", controlSum(transfers)),
    `<ReqdExctnDt>${date}</ReqdExctnDt>`,
    `<Dbtr>${element("Nm", debtor.name)}</Dbtr>`,
    `<DbtrAcct><Id>${element("IBAN", debtor.iban)}</Id></DbtrAcct>`,
    `<DbtrAgt><FinInstnId>${agentId(message.version, debtor.bic)}</FinInstnId></DbtrAgt>`,
    ...transfers.map(transferLines),
    `</PmtInf>`,
  ];
}

/** Without a BIC, the IBAN-only form both versions accept: the bank is known from the IBAN. */
function agentId(version: Pain001Version, bic: string | undefined): string {
  if (!bic) return `<Othr>${element("Id", "NOTPROVIDED")}</Othr>`;
  return element(version === "pain.001.001.03" ? "BIC" : "BICFI", bic);
}

function transferLines(transfer: Pain001Transfer): string {
  const { amount, creditor } = transfer;
  return [
    `<CdtTrfTxInf>`,
    `<PmtId>${element("EndToEndId", transfer.endToEndId)}</PmtId>`,
    `<Amt><InstdAmt Ccy="${amount.currency}">${formatDecimal(amount)}</InstdAmt></Amt>`,
    `<Cdtr>${element("Nm", creditor.name)}</Cdtr>`,
    `<CdtrAcct><Id>${element("IBAN", creditor.iban)}</Id></CdtrAcct>`,
    ...(transfer.remittance ? [`<RmtInf>${element("Ustrd", transfer.remittance)}</RmtInf>`] : []),
    `</CdtTrfTxInf>`,
  ].join("\n");
}

/** The sum of the amounts as written, whatever their currencies (CtrlSum is a plain decimal number). */
export function controlSum(transfers: readonly Pick<Pain001Transfer, "amount">[]): string {
  const exponent = Math.max(0, ...transfers.map((t) => t.amount.exponent));
  const minor = transfers.reduce((sum, t) => sum + t.amount.minor * 10n ** BigInt(exponent - t.amount.exponent), 0n);
  return formatDecimal({ minor, currency: "", exponent });
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
