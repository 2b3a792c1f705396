import { counterpartyOf, endToEndId, putDetail, type Information } from "./remittance";
import { cleanText, trimEndOf } from "./values";

/**
 * Dutch structured :86: ('/TAG/value/TAG/value', Betaalvereniging / ING / Rabobank / ABN AMRO
 * SEPA layouts). Only these tags delimit: values may contain slashes ('NR.201303-111/11.3.2013').
 */
const TAGS = "TRTP|CNTP|ORDP|BENM|IBAN|BIC|NAME|ADDR|REMI|EREF|PREF|MARF|CSID|ISDT|RTRN|PURP|ULTC|ULTD";
const TAG = new RegExp(`/(${TAGS})/`, "g");
const STARTS_WITH_TAG = new RegExp(`^/(${TAGS})/`);
/** A tag that only this layout has, so '/BENM/' lines of other banks stay free text. */
const DISTINCTIVE = /\/(CNTP|IBAN|NAME|REMI|EREF|TRTP)\//;

const DETAILS: Readonly<Record<string, string>> = {
  TRTP: "transactionType",
  ADDR: "counterpartyAddress",
  PREF: "paymentReference",
  MARF: "mandateReference",
  CSID: "creditorId",
  ISDT: "settlementDate",
  RTRN: "returnReason",
  PURP: "purposeCode",
  ULTC: "ultimateCreditor",
  ULTD: "ultimateDebtor",
};

export function isDutchStructured(text: string): boolean {
  return STARTS_WITH_TAG.test(text) && DISTINCTIVE.test(text);
}

/** `text` is the whole field with its line breaks removed: these banks wrap at 65 characters mid-word. */
export function parseDutch(text: string): Information {
  const values = tagValues(text);
  const details: Record<string, string> = {};
  for (const [tag, key] of Object.entries(DETAILS)) putDetail(details, key, values.get(tag));
  return {
    description: remittance(values.get("REMI") ?? ""),
    endToEndId: endToEndId(values.get("EREF") ?? ""),
    counterparty: party(values, details),
    details,
  };
}

function tagValues(text: string): Map<string, string> {
  const marks = [...text.matchAll(TAG)];
  const values = new Map<string, string>();
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    values.set(m[1]!, trimEndOf(text.slice(start, marks[i + 1]?.index ?? text.length), /\//));
  });
  return values;
}

/**
 * ING writes the counterparty as '/CNTP/account/BIC/name/city/'; Rabobank and ABN AMRO write
 * '/BENM//NAME/...' or '/IBAN/.../BIC/.../NAME/...'.
 */
function party(values: Map<string, string>, details: Record<string, string>) {
  const packed = values.get("CNTP") || values.get("BENM") || values.get("ORDP") || "";
  const [account, bic, name, city] = packed.split("/");
  putDetail(details, "counterpartyCity", city);
  return counterpartyOf(values.get("NAME") || name, values.get("IBAN") || account, values.get("BIC") || bic);
}

/** '/REMI/USTD//text/' is unstructured remittance; '/REMI/STRD/CUR/ref/' a structured creditor reference. */
function remittance(text: string): string | undefined {
  return cleanText(text.replace(/^(USTD|STRD)\/[A-Z]*\//, ""));
}
