import { isCurrency } from "../../model/currencies";

/** Lower case, accents and punctuation dropped, words separated by one space: "Date d'opération" is "date d operation". */
export function normaliseName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A header cell as it is compared with synonyms: normalised, and without its blanks. */
export interface HeaderName {
  name: string;
  letters: string;
}

/**
 * Normalises a header cell once: it is compared with every synonym (some 150), and a broken file
 * can have a header "cell" of a million characters, which must not be rewritten for each.
 */
export function headerName(cell: string): HeaderName {
  const name = normaliseName(cell);
  return { name, letters: compact(name) };
}

/**
 * Whether a header cell names the column `synonym` (normalised): the same words, the same
 * letters run together ("TransactionId"), or the name followed by a number or a currency, as in
 * "VWZ1", "Omschrijving-2", "Betrag (EUR)" or "Amount in EUR".
 */
export function namesColumn(cell: HeaderName, synonym: string): boolean {
  const { name, letters } = cell;
  const wanted = compact(synonym);
  if (letters === wanted || (letters.startsWith(wanted) && /^\d+$/.test(letters.slice(wanted.length)))) return true;
  return name.startsWith(synonym + " ") && currencyWord(name.slice(synonym.length + 1)) !== undefined;
}

/** The currency a header states in its last word ("Withdrawals (SGD)", "Částka CZK"). */
export function headerCurrency(name: string): string | undefined {
  const words = normaliseName(name).split(" ");
  return words.length > 1 ? currencyWord(words.at(-1)!) : undefined;
}

function currencyWord(text: string): string | undefined {
  const m = /^(?:in )?([a-z]{3})$/.exec(text);
  const code = m?.[1]?.toUpperCase();
  return code && isCurrency(code) ? code : undefined;
}

function compact(name: string): string {
  return name.replaceAll(" ", "");
}

/** A metadata key for a column: "Betrag (Fremdwährung)" is "betragFremdwahrung", "CardId" is "cardId". */
export function camelKey(name: string): string {
  return normaliseName(name.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2"))
    .split(" ")
    .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}
