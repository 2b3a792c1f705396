import type { SandboxAccount, SandboxEntry, SandboxFile, SandboxFormat, SandboxStatement } from "./bank";
import { bai2 } from "./bai2";
import { camt053 } from "./camt053";
import { csv } from "./csv";
import { mt942, mt940 } from "./mt940";

const EXTENSIONS: Readonly<Record<SandboxFormat, string>> = {
  "camt053.001.02": "xml",
  "camt053.001.08": "xml",
  mt940: "sta",
  bai2: "bai2",
  csv: "csv",
};

/**
 * A file's name in the account's inbox folder: the account's file number first, so the files of
 * a source sort in the order the bank sent them; then what it is and its last day.
 */
export function fileName(account: SandboxAccount, what: string, day: string, extension: string): string {
  return `${String(account.fileCount).padStart(6, "0")}-${what}-${day}.${extension}`;
}

/** A message or file id: the account's IBAN tail and the file number, at most 35 characters. */
export const messageId = (account: SandboxAccount) => `SBX${account.iban.slice(-8)}${String(account.fileCount).padStart(6, "0")}`;

/**
 * The statements (of one account, in order) as one file of `format`, named as the account's
 * file numbered `account.fileCount` (the caller counts it).
 */
export function statementFile(account: SandboxAccount, format: SandboxFormat, statements: readonly SandboxStatement[], createdAt: string, what = "statement"): SandboxFile {
  const last = statements[statements.length - 1];
  if (!last) throw new Error("a statement file needs a statement");
  const id = messageId(account);
  const text = (() => {
    switch (format) {
      case "camt053.001.02":
        return camt053("001.02", statements, id, createdAt);
      case "camt053.001.08":
        return camt053("001.08", statements, id, createdAt);
      case "mt940":
        return mt940(statements, id);
      case "bai2":
        return bai2(statements, id, createdAt);
      case "csv":
        return csv(statements);
    }
  })();
  return { name: fileName(account, what, last.day, EXTENSIONS[format]), text };
}

/** An MT942 interim report of the pending entries, numbered as the statement reporting them. */
export function interimFile(account: SandboxAccount, pending: readonly SandboxEntry[], createdAt: string): SandboxFile {
  return { name: fileName(account, "interim", createdAt.slice(0, 10), "sta"), text: mt942(account, pending, messageId(account), account.statementNumber, createdAt) };
}

/**
 * The format an account's lifecycle files come in: its own when the format can say it (CAMT.053
 * returns, reversals and pending entries; MT940 with MT942), else CAMT.053 .08, which banks that
 * send BAI2 or CSV offer beside them.
 */
export function lifecycleFormat(account: SandboxAccount): SandboxFormat {
  return account.format === "bai2" || account.format === "csv" ? "camt053.001.08" : account.format;
}
