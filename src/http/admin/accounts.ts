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
    balances: Object.entries(account.balances).map(([currency, b]) => ({
      currency,
      amount: b.minor,
      decimal: formatDecimal({ minor: BigInt(b.minor), currency, exponent: b.exponent }),
      date: b.date,
      origin: b.origin,
      file: b.file,
    })),
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

/** GET /admin/accounts/<id>/history: the stated balances over time, for the status page's chart. */
export async function accountHistory(env: Env, rawAccountId: string): Promise<Response> {
  return Response.json(balanceHistory(await findAccount(env, rawAccountId)));
}
