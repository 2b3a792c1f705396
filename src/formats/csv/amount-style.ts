import type { DecimalStyle } from "../../model/money";
import { amountText } from "./amount-text";

/** An amount cell of the sample, with its line for messages. */
export interface SampleAmount {
  text: string;
  line: number;
}

type Separator = "." | ",";

/**
 * What one amount says about the decimal separator: "1.234,56", "12,50", "0,123" and "-.46"
 * decide; "1,234" (a group or three decimals) and "2500" do not.
 */
function evidence(cell: string): Separator | "ambiguous" | undefined {
  const body = amountText(cell).text.replace(/^[-+]|-$/g, "").replaceAll("'", "");
  if (!/^[\d.,]+$/.test(body)) return undefined;
  const dot = body.lastIndexOf(".");
  const comma = body.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) return dot > comma ? "." : ",";
  const at = Math.max(dot, comma);
  if (at < 0) return undefined;
  const sep = body[at] as Separator;
  // A repeated separator groups thousands ("1.234.567") or is no number at all ("1.2.3"), which
  // then fails on its own line rather than as a disagreement.
  if (body.indexOf(sep) !== at) return /^\d{1,3}([.,]\d{3})+$/.test(body) ? other(sep) : undefined;
  const units = body.slice(0, at);
  const threeDecimals = body.length - at - 1 === 3;
  return threeDecimals && /^[1-9]\d{0,2}$/.test(units) ? "ambiguous" : sep;
}

function other(sep: Separator): Separator {
  return sep === "." ? "," : ".";
}

/**
 * The decimal style of a file's amounts, from a sample of them. When the sample does not decide,
 * the delimiter does: ";" files come from countries writing decimal commas, while an unquoted
 * "1.234" in a "," file can only be a decimal point. Thousands groups may use the other
 * separator (parseAmount checks they are groups of three) or a Swiss apostrophe.
 */
export function detectDecimalStyle(
  sample: readonly SampleAmount[],
  delimiter: string,
): DecimalStyle | { problem: string; line: number } {
  const votes = new Map<string, SampleAmount>();
  for (const s of sample) {
    const e = evidence(s.text);
    if (e && !votes.has(e)) votes.set(e, s);
  }
  const dot = votes.get(".");
  const comma = votes.get(",");
  if (dot && comma) {
    return {
      problem: `amounts "${comma.text.trim()}" (line ${comma.line}) and "${dot.text.trim()}" (line ${dot.line}) disagree on the decimal separator: set decimalSeparator in the profile`,
      line: dot.line,
    };
  }
  const decimal = dot ? "." : comma ? "," : byDelimiter(delimiter, votes.get("ambiguous"), sample);
  if (typeof decimal !== "string") return decimal;
  const apostrophe = sample.some((s) => s.text.includes("'"));
  return { decimalSeparator: decimal, thousandsSeparator: apostrophe ? "'" : other(decimal) };
}

function byDelimiter(
  delimiter: string,
  ambiguous: SampleAmount | undefined,
  sample: readonly SampleAmount[],
): Separator | { problem: string; line: number } {
  if (delimiter === ";") return ",";
  if (delimiter === "," && !ambiguous?.text.includes(",")) return ".";
  const example = ambiguous ?? sample[0];
  if (!example) return ".";
  const problem = ambiguous
    ? `cannot tell the decimal separator from amounts like "${example.text.trim()}"`
    : `cannot tell the decimal separator: amounts such as "${example.text.trim()}" are whole numbers`;
  return { problem: `${problem}; set decimalSeparator in the profile`, line: example.line };
}
