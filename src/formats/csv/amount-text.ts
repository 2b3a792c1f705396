import { isCurrency } from "../../model/currencies";

/** An amount cell stripped down to what parseAmount reads, with what the decorations said. */
export interface AmountText {
  /** Sign, digits and separators only (unless the cell holds something else, which parseAmount then refuses). */
  text: string;
  /** Accounting notation "(12.00)": the amount is negative. */
  parenthesised: boolean;
  /** The currency the cell's symbol or code names, when it names exactly one. */
  currency?: string | undefined;
}

/** "$" is shared by too many currencies to name one; these symbols are not. */
const SYMBOLS: Readonly<Record<string, string | undefined>> = { "£": "GBP", "€": "EUR", "$": undefined, "¥": undefined };

/** The currency a money cell's symbol or code names ("£12.00", "CHF 12.50"), if any. */
export function cellCurrency(cell: string): string | undefined {
  return isBare(cell) ? undefined : amountText(cell).currency;
}

/** Strips spaces, currency symbols ("-$7,971.39", "+ £1,100.00") and ISO codes ("CHF 12.50"). */
export function amountText(cell: string): AmountText {
  let text = cell.replace(/\s+/g, "");
  const parenthesised = /^\(.*\)$/.test(text);
  if (parenthesised) text = text.slice(1, -1);
  let currency: string | undefined;
  text = text.replace(/[£€$¥]/g, (symbol) => {
    currency ??= SYMBOLS[symbol];
    return "";
  });
  const code = /^([A-Z]{3})(?=[-+\d.,])|(?<=[\d.,-])([A-Z]{3})$/.exec(text);
  const named = code?.[1] ?? code?.[2];
  if (named && isCurrency(named)) {
    currency ??= named;
    text = text.replace(named, "");
  }
  return { text, parenthesised, currency };
}

/** Digits, signs and separators only, as most cells are: no symbol or code, which the searches of amountText take long to tell. */
function isBare(cell: string): boolean {
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 44 || c === 46 || c === 43 || c === 45 || c === 39)) return false;
  }
  return true;
}
