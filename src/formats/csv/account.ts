import { compactIdentifier } from "../../model/iban";

/** A cell's text, trimmed, without the apostrophe Excel users put in front of a number to keep it text ("'99-88-74"). */
export function plainText(cell: string): string {
  const text = cell.trim();
  return text.startsWith("'") ? text.replace(/^'(?=[\d+=-])/, "") : text;
}

/** An account number as the file writes it; an IBAN upper-case without its spaces. */
export function accountNumber(cell: string): string | undefined {
  const text = plainText(cell);
  if (text === "") return undefined;
  if (isCompactUpperAscii(text)) return text;
  const compact = compactIdentifier(text);
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact) ? compact : text;
}

/**
 * ASCII without blanks or lower case, as account numbers mostly are: the cell is its own compact
 * upper-case form, so it is the result whether or not it is an IBAN. Other text is compacted and
 * upper-cased (where "ß" becomes "SS") before the IBAN test.
 */
function isCompactUpperAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c >= 127 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}
