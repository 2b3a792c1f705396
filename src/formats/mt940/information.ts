import { isDutchStructured, parseDutch } from "./dutch";
import type { Field } from "./fields";
import { GVC_START, parseGvc } from "./gvc";
import type { Information } from "./remittance";
import { cleanText } from "./values";

/** SWIFT lines of :86: hold 65 characters (6*65x); a full line was cut by width, not by the writer. */
const LINE_WIDTH = 65;

/** The :86: fields that follow one :61:, read as German GVC, Dutch structured or free text. */
export function parseInformation(fields: Field[]): Information {
  // Most entries have one :86: of one line: its text is then both readings, with nothing to join.
  const single = fields.length === 1 && fields[0]!.lines.length === 1 ? fields[0]!.lines[0]! : undefined;
  const unwrapped = (single ?? fields.flatMap((f) => f.lines).join("")).trimStart();
  if (GVC_START.test(unwrapped)) return parseGvc(unwrapped);
  if (isDutchStructured(unwrapped)) return parseDutch(unwrapped);
  return freeText(single ?? fields.map(joinLines).join(" "));
}

/**
 * Free text: a line shorter than the SWIFT width ended where the bank meant it to, so a blank
 * joins it to the next; a full-width line was cut (PostFinance cuts 'SONNE' / 'NGLAESER'), so
 * nothing is put between. Several :86: fields after one :61: (old Rabobank) are one text.
 */
function joinLines(field: Field): string {
  return field.lines.reduce((text, line, i) => {
    if (i === 0) return line;
    return text + ((field.lines[i - 1] ?? "").length >= LINE_WIDTH ? "" : " ") + line;
  }, "");
}

/** DFÜ code 999 announces unstructured text after it (Penta, the cmxl sample). */
function freeText(text: string): Information {
  const coded = /^\s*999(?!\d)/.exec(text);
  const details: Record<string, string> = coded ? { gvc: "999" } : {};
  return { description: cleanText(coded ? text.slice(coded[0].length) : text), details };
}
