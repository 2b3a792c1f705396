import type { Env } from "../../env";
import type { AdminAccount } from "../../model/admin";
import { formatDecimal } from "../../model/money";
import { findAccount } from "../resources";
import { balanceHistory, continuityBreaks } from "../../model/account-book";
import { loadManifest } from "../../store/manifest";
import { readDocument } from "../../store/documents";

/** GET /admin/accounts: balances, the last statement, and every continuity break per account. */
export async function accountsView(env: Env): Promise<Response> {
  const { manifest } = await loadManifest(env.STATEMENTS);
  const book = await readDocument(env.STATEMENTS, manifest, "accounts");
  const accounts = Object.values(book).map((account): AdminAccount => ({
    id: account.id,
    name: account.name,
    source: account.source,
    bank: account.bank,
    balances: Object.entries(account.balances).map(([currency, b]) => {
      const decimal = (minor: string) => formatDecimal({ minor: BigInt(minor), currency, exponent: b.exponent });
      const anchor = b.anchor && { ...b.anchor, decimal: decimal(b.anchor.amount) };
      return { currency, amount: b.minor, decimal: decimal(b.minor), date: b.date, origin: b.origin, file: b.file, anchor };
    }),
    withoutBalance: account.unanchored?.map((currency) => ({ currency, reason: unanchoredReason(account.source, currency) })),
    lastStatement: Object.values(account.statements)
      .flat()
      .map((s) => s.closingDate ?? s.lastDay)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1),
    breaks: continuityBreaks(account),
  }));
  return Response.json(accounts);
}

/** Why an account serves no balance in a currency, and what gives it one. */
function unanchoredReason(source: string, currency: string): string {
  return (
    `no file stated a ${currency} balance of this account (a closing or opening balance, or a balance column), so none is served: ` +
    `a balance summed from zero would be a number the bank never stated. Upload a statement with a balance (CAMT.053, MT940, BAI2, or a CSV with a balance column), ` +
    `or set "openingBalance": {"amount": "<balance>", "date": "<YYYY-MM-DD>"} in the profile of source "${source}" (PUT /admin/profiles/${source}): ` +
    `the balance at the end of that day; the entries booked after it are added`
  );
}

/** GET /admin/accounts/<id>/history: the stated balances over time, for the status page's chart. */
export async function accountHistory(env: Env, rawAccountId: string): Promise<Response> {
  return Response.json(balanceHistory(await findAccount(env, rawAccountId)));
}
