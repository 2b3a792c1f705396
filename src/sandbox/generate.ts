import type { SandboxAccount, SandboxBeneficiary, SandboxEntry, SandboxFile, SandboxFormat, SandboxStatement } from "./bank";
import { generateDays } from "./chain";
import { interimFile, statementFile } from "./files";

export interface GeneratedFiles {
  account: SandboxAccount;
  /** The statement file, then (an MT940 account with entries pending) the MT942 reporting them. */
  files: SandboxFile[];
  statements: SandboxStatement[];
  pending: SandboxEntry[];
}

/** Formats that can report an entry pending: CAMT.053 (Sts PDNG) and MT940 (an MT942 beside it). */
const REPORTS_PENDING: ReadonlySet<SandboxFormat> = new Set(["camt053.001.02", "camt053.001.08", "mt940"]);

/**
 * `days` more days of the account as the bank would send them: one file of `format` (the
 * account's own unless given) with a statement per day, continuing the account's chain.
 */
export function generateFiles(start: SandboxAccount, days: number, beneficiaries: readonly SandboxBeneficiary[], createdAt: string, format: SandboxFormat = start.format): GeneratedFiles {
  const reportsPending = REPORTS_PENDING.has(format);
  const generated = generateDays(start, days, beneficiaries, reportsPending);
  let account = { ...generated.account, fileCount: generated.account.fileCount + 1 };
  const files = [statementFile(account, format, generated.statements, createdAt)];
  if (format === "mt940" && generated.pending.length > 0) {
    account = { ...account, fileCount: account.fileCount + 1 };
    files.push(interimFile(account, generated.pending, createdAt));
  }
  return { account, files, statements: generated.statements, pending: generated.pending };
}
