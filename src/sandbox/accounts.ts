import { currencyExponent } from "../model/currencies";
import type { Day } from "../model/day";
import type { SandboxAccount, SandboxBeneficiary, SandboxFormat } from "./bank";
import { HOME_CURRENCY, randomIban, sandboxBic, type SandboxCountry } from "./iban";
import { Random } from "./random";

export interface AccountRequest {
  country: SandboxCountry;
  name: string;
  format: SandboxFormat;
  /** ISO 4217; the country's own when not given. */
  currency?: string | undefined;
  /** The balance at the end of `since`, in minor units. */
  openingBalance?: bigint | undefined;
  /** The day before the first statement: generated days follow it. */
  since: Day;
  answerPayouts?: boolean | undefined;
  /** Makes the IBAN and all activity: the same seed, the same account and data. */
  seed: string;
}

/** A test account: its IBAN (valid for its country) and the start of its statement chain, from its seed. */
export function openAccount(request: AccountRequest): SandboxAccount {
  const currency = request.currency ?? HOME_CURRENCY[request.country];
  if (currencyExponent(currency) === undefined) throw new RangeError(`${currency} is not an ISO 4217 currency`);
  const iban = randomIban(request.country, new Random(`${request.seed}:iban`));
  return {
    iban,
    name: request.name,
    currency,
    country: request.country,
    bic: sandboxBic(request.country),
    format: request.format,
    source: `sandbox-${iban.toLowerCase()}`,
    answerPayouts: request.answerPayouts ?? true,
    seed: request.seed,
    balance: (request.openingBalance ?? 10n ** BigInt(currencyExponent(currency)! + 4)).toString(),
    lastDay: request.since,
    statementNumber: 0,
    entryCount: 0,
    fileCount: 0,
    pending: [],
    recent: [],
    answered: {},
  };
}

/** A beneficiary at a bank of the country, with a valid IBAN from its seed. */
export function openBeneficiary(country: SandboxCountry, name: string, seed: string): SandboxBeneficiary {
  return { iban: randomIban(country, new Random(`${seed}:iban`)), name, bic: sandboxBic(country) };
}
