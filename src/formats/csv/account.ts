/** A cell's text, trimmed, without the apostrophe Excel users put in front of a number to keep it text ("'99-88-74"). */
export function plainText(cell: string): string {
  const text = cell.trim();
  return text.startsWith("'") ? text.replace(/^'(?=[\d+=-])/, "") : text;
}

/** An account number as the file writes it; an IBAN upper-case without its spaces. */
export function accountNumber(cell: string): string | undefined {
  const text = plainText(cell);
  if (text === "") return undefined;
  const compact = text.replace(/\s+/g, "").toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(compact) ? compact : text;
}
