import { isBic } from "./account";
import { counterpartyOf, endToEndId, putDetail, type Information } from "./remittance";
import { cleanText } from "./values";

/**
 * German structured :86: (DFÜ-Abkommen, Anlage 3): a three-digit business transaction code (GVC)
 * then subfields '?NN'. Triodos writes '>NN' instead of '?NN'.
 */
export const GVC_START = /^\d{3}[?>]\d\d/;

/** SEPA keywords that split the purpose (?20-?29, ?60-?63) into its parts (DK "SEPA-Verwendungszweck"). */
const SEPA_KEYWORD = /(?<=^|\s)(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|PURP|OAMT|COAM)\+/g;

const SUBFIELD_WIDTH = 27;

const SEPA_DETAILS: Readonly<Record<string, string>> = {
  MREF: "mandateReference",
  CRED: "creditorId",
  DEBT: "debtorId",
  ABWA: "ultimateDebtor",
  ABWE: "ultimateCreditor",
  PURP: "purposeCode",
  OAMT: "originalAmount",
  COAM: "compensationAmount",
};

const NAMED_SUBFIELDS: Readonly<Record<string, string>> = {
  "00": "postingText",
  "10": "primaNota",
  "34": "textKeyExtension",
};

/**
 * `text` is the whole field with its line breaks removed: the standard wraps lines anywhere,
 * even inside a subfield marker ('?2' / '2MTLG'), so breaks carry no meaning.
 */
export function parseGvc(text: string): Information {
  const details: Record<string, string> = { gvc: text.slice(0, 3) };
  const purpose: string[] = [];
  const name: string[] = [];
  let account: string | undefined;
  let bic: string | undefined;
  for (const [key, value] of subfields(text.slice(3), text[3]!)) {
    if (/^(2\d|6[0-3])$/.test(key)) purpose.push(value);
    else if (key === "32" || key === "33") name.push(value);
    else if (key === "31") account = value;
    else if (key === "30" && isBic(value.trim())) bic = value;
    else if (key === "30") putDetail(details, "counterpartyBankCode", value);
    else putDetail(details, NAMED_SUBFIELDS[key] ?? `subfield${key}`, value);
  }
  return { ...sepaPurpose(purpose, details), counterparty: counterpartyOf(joinPieces(name, " "), account, bic), details };
}

/**
 * Purpose and name subfields hold 27 characters each. A full one was cut by width, often
 * mid-word ('fuer F' / 'RIDA'), so the next follows directly; a shorter one ended where the
 * bank meant it to ('ABRECHNUNG' / 'NR. 28'), and so does one before a subfield that starts a
 * SEPA part ('EREF+...'): `boundary` goes between those.
 */
function joinPieces(pieces: string[], boundary: string): string {
  return pieces.reduce((text, piece, i) => {
    const cut = i > 0 && (pieces[i - 1] ?? "").length >= SUBFIELD_WIDTH && !/^[A-Z]{4}\+/.test(piece);
    return text + (i === 0 || cut ? "" : boundary) + piece;
  }, "");
}

/**
 * [key, value] pairs in file order. Any two digits after the separator start a subfield: banks
 * replace '?' in text, and they use keys beyond the standard's (?35, ?38, ?70).
 */
function subfields(body: string, separator: string): Array<[string, string]> {
  const marker = separator === "?" ? /\?(\d\d)/g : />(\d\d)/g;
  const marks = [...body.matchAll(marker)];
  return marks.map((m, i) => [m[1]!, body.slice(m.index + 3, marks[i + 1]?.index ?? body.length)]);
}

/** The purpose's SEPA parts: remittance (SVWZ+ and free text) in order, end-to-end id, the rest as details. */
function sepaPurpose(pieces: string[], details: Record<string, string>): Omit<Information, "details"> {
  const parts = sepaParts(pieces);
  const text = (keys: string[]) => cleanText(parts.filter((p) => keys.includes(p.key)).map((p) => p.text).join(" "));
  for (const [key, name] of Object.entries(SEPA_DETAILS)) putDetail(details, name, text([key]));
  return {
    description: text(["", "SVWZ"]),
    endToEndId: endToEndId(text(["EREF"]) ?? ""),
    customerReference: text(["KREF"]),
  };
}

/**
 * A keyword starts a part where it begins a subfield or follows a blank; a part ends at the next
 * keyword or at a subfield that ended short, after which free text (key "") follows. Matching
 * runs on the joined text because a keyword may itself be cut ('MR' / 'EF+').
 */
function sepaParts(pieces: string[]): Array<{ key: string; text: string }> {
  const text = joinPieces(pieces, "\n");
  const marks = [...text.matchAll(SEPA_KEYWORD)];
  const parts: Array<{ key: string; text: string }> = [];
  const add = (key: string, body: string) => {
    const [own = "", ...free] = body.split("\n");
    parts.push({ key, text: own });
    // One push each: spreading a broken field's 300,000 empty subfields as arguments overflows the stack.
    for (const t of free) parts.push({ key: "", text: t });
  };
  add("", text.slice(0, marks[0]?.index ?? text.length));
  marks.forEach((m, i) => add(m[1]!, text.slice(m.index + 5, marks[i + 1]?.index ?? text.length)));
  return parts;
}
