import { compactIdentifier } from "../../model/iban";
import type { Profile } from "../../model/profile";
import { FileError, type AccountRef, type BalanceKind, type StatedBalance } from "../../model/statement";
import type { Elements } from "./elements";
import { amountOf, dateOf, isCredit, withSign } from "./values";

type ProfileAccount = NonNullable<Profile["account"]>;

// ISO 20022 BalanceType12Code. PRCD (closing booked of the previous statement) is this
// statement's opening when the bank sends no OPBD (DK/ZKA files send PRCD only).
const KINDS: Readonly<Record<string, BalanceKind>> = {
  OPBD: "opening",
  PRCD: "opening",
  CLBD: "closing",
  ITBD: "interimClosing",
  CLAV: "available",
  FWAV: "forwardAvailable",
};

/** The account number of a CashAccount `<Id>` choice (IBAN or Othr/Id), undefined when it has none. */
export function accountNumber(elements: Elements, account: number): string | undefined {
  const iban = elements.textAt(account, "Id", "IBAN");
  return iban ? compactIdentifier(iban) : elements.textAt(account, "Id", "Othr", "Id");
}

/**
 * Stmt/Acct as the account every event of the statement belongs to. The profile's id wins
 * (the operator names the account); its name, currency and bank only fill what the file lacks.
 * `amountCurrency` is the Ccy of the statement's first amount, the last resort for the currency.
 */
export function accountOf(
  elements: Elements,
  acct: number,
  profile: ProfileAccount | undefined,
  amountCurrency: string | undefined,
  line: number,
): AccountRef {
  const id = profile?.id ?? accountNumber(elements, acct);
  if (!id) throw new FileError("the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id)", acct ? elements.line(acct) : line);
  return {
    id,
    name: elements.textAt(acct, "Nm") ?? elements.textAt(acct, "Ownr", "Nm") ?? elements.textAt(acct, "Ownr", "Pty", "Nm") ?? profile?.name,
    currency: elements.textAt(acct, "Ccy") ?? profile?.currency ?? amountCurrency,
    bank: bankOf(elements, elements.at(acct, "Svcr", "FinInstnId")) ?? profile?.bank,
  };
}

/** A FinInstnId's BIC (BICFI where a later version renamed it), else its name. */
function bankOf(elements: Elements, institution: number): string | undefined {
  return elements.textAt(institution, "BIC") ?? elements.textAt(institution, "BICFI") ?? elements.textAt(institution, "Nm");
}

export function balanceOf(elements: Elements, bal: number, account: AccountRef): StatedBalance {
  const line = elements.line(bal);
  const type = elements.at(bal, "Tp", "CdOrPrtry");
  const code = elements.textAt(type, "Cd") ?? elements.textAt(type, "Prtry");
  if (!code) throw new FileError("balance has no type (Tp/CdOrPrtry/Cd)", line);
  const what = `balance ${code}`;
  const money = amountOf(elements, elements.child(bal, "Amt"), what, line, account.currency);
  const date = dateOf(elements, elements.child(bal, "Dt"), `${what} date`);
  if (!date) throw new FileError(`${what} has no date (<Dt>)`, line);
  return {
    line,
    account,
    kind: KINDS[code] ?? "other",
    code,
    amount: withSign(money, isCredit(elements, elements.child(bal, "CdtDbtInd"), what, line)),
    date: date.day,
    time: date.time,
  };
}
