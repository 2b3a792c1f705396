import { accountIdOf } from "../../model/account-id";
import type { Counterparty } from "../../model/statement";
import { cleanText } from "./values";

/** What an entry's :86: information says, whichever layout the bank used. */
export interface Information {
  description?: string | undefined;
  counterparty?: Counterparty | undefined;
  endToEndId?: string | undefined;
  customerReference?: string | undefined;
  details: Record<string, string>;
}

/** The counterparty from raw parts, cleaned; undefined when nothing is known. */
export function counterpartyOf(name: string | undefined, account: string | undefined, bic: string | undefined): Counterparty | undefined {
  const party: Counterparty = {};
  const cleanName = cleanText(name ?? "");
  const cleanAccount = cleanText(account ?? "");
  const cleanBic = cleanText(bic ?? "");
  if (cleanName) party.name = cleanName;
  if (cleanAccount) party.account = accountIdOf(cleanAccount);
  if (cleanBic) party.bic = cleanBic.toUpperCase();
  return Object.keys(party).length > 0 ? party : undefined;
}

/** SEPA fills an absent end-to-end id with 'NOTPROVIDED': no id at all. */
export function endToEndId(text: string): string | undefined {
  const clean = cleanText(text);
  return clean === "NOTPROVIDED" ? undefined : clean;
}

/** Sets details[key] to the cleaned text when there is any. */
export function putDetail(details: Record<string, string>, key: string, text: string | undefined): void {
  const clean = cleanText(text ?? "");
  if (clean) details[key] = clean;
}
