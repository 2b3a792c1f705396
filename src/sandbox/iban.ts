import { isValidIban } from "../model/iban";
import type { Random } from "./random";

/** The countries the sandbox opens accounts in, with each one's national account number (BBAN) layout. */
export const SANDBOX_COUNTRIES = ["DE", "NL", "FR", "GB"] as const;
export type SandboxCountry = (typeof SANDBOX_COUNTRIES)[number];

/** The sandbox bank's BIC in each country: party SBOX, the country, location 2X. */
export const sandboxBic = (country: SandboxCountry) => `SBOX${country}2X`;

/** The currency of an account opened in the country unless another is asked for. */
export const HOME_CURRENCY: Readonly<Record<SandboxCountry, string>> = { DE: "EUR", NL: "EUR", FR: "EUR", GB: "GBP" };

/**
 * A BBAN of the country's layout (ECBS / SWIFT IBAN registry): DE 8-digit bank code and 10-digit
 * account; NL 4-letter bank code and 10 digits; FR 5-digit bank, 5-digit branch, 11-character
 * account and the 2-digit RIB key; GB 4-letter bank code, 6-digit sort code, 8-digit account.
 */
export function randomBban(country: SandboxCountry, random: Random): string {
  switch (country) {
    case "DE":
      return `1001${random.chars(4)}${random.chars(10)}`;
    case "NL":
      return `SBOX${random.chars(10)}`;
    case "FR": {
      const bank = `3000${random.chars(1)}`;
      const branch = random.chars(5);
      const account = random.chars(11);
      return `${bank}${branch}${account}${ribKey(bank, branch, account)}`;
    }
    case "GB":
      return `SBOX${random.chars(6)}${random.chars(8)}`;
  }
}

/** The French RIB key of an all-digit bank, branch and account: 97 - (89 bank + 15 branch + 3 account) mod 97. */
function ribKey(bank: string, branch: string, account: string): string {
  const rest = (89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n;
  return String(97n - rest).padStart(2, "0");
}

/** The IBAN of a BBAN: the country code and the ISO 13616 mod-97 check digits in front of it. */
export function ibanOf(country: string, bban: string): string {
  const digits = `${bban}${country}00`.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  const iban = `${country}${String(98 - rest).padStart(2, "0")}${bban}`;
  if (!isValidIban(iban)) throw new Error(`made an invalid IBAN ${iban}`);
  return iban;
}

export const randomIban = (country: SandboxCountry, random: Random) => ibanOf(country, randomBban(country, random));
