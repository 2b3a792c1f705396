/** Account identifiers: IBANs (ISO 13616) in their electronic form, other account numbers as written. */

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;

/** Upper-case without blanks: how IBANs are compared and how beneficiary ids are served. */
export function compactIdentifier(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** Has the shape of an IBAN (country, check digits, 10-30 letters or digits), blanks aside. */
export function looksLikeIban(text: string): boolean {
  return IBAN_SHAPE.test(compactIdentifier(text));
}

/** True when the text is an IBAN whose mod-97 check digits hold. */
export function isValidIban(text: string): boolean {
  if (!looksLikeIban(text)) return false;
  const iban = compactIdentifier(text);
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}
