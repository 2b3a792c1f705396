import { isCurrency } from "../../model/currencies";
import { accountIdOf } from "../../model/account-id";
import { isValidIban } from "../../model/iban";
import { FileError } from "../../model/statement";
import type { Field } from "./fields";
import { trimEndOf } from "./values";

export interface SwiftAccount {
  id: string;
  currency?: string | undefined;
  bank?: string | undefined;
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const BANK_CODE = /^\d{8}$/;

/**
 * :25: account identification as banks write it: an IBAN; 'BLZ/account' or 'BIC/account'; and
 * often the currency appended, glued or after a blank or a slash (ING 'NL68INGB0000012345EUR',
 * bunq 'NL10BUNQ2290325473 EUR', Rabobank '1291.99.348EUR', Raiffeisen HU '.../HUF').
 */
export function parseAccount(field: Field): SwiftAccount {
  const written = (field.lines[0] ?? "").trim();
  if (written === "") throw new FileError(":25: account identification is empty", field.line);
  const { id, currency } = splitCurrency(written);
  const slash = id.indexOf("/");
  const prefix = slash > 0 ? id.slice(0, slash) : "";
  const bank = BIC.test(prefix) || BANK_CODE.test(prefix) ? prefix : undefined;
  return { id: accountIdOf(id), currency, bank };
}

function splitCurrency(written: string): { id: string; currency?: string } {
  if (isValidIban(written)) return { id: written };
  const m = /^(.*?[\d\s/])([A-Z]{3})$/.exec(written);
  if (!m || !isCurrency(m[2]!)) return { id: written };
  const id = trimEndOf(m[1]!, /[\s/]/);
  return id === "" ? { id: written } : { id, currency: m[2] };
}

export function isBic(text: string): boolean {
  return BIC.test(text);
}
