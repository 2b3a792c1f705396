import type { Env } from "../env";
import { PAIN001_VERSIONS, type Pain001Version } from "../model/payment";
import { DEFAULT_OUTBOX_PREFIX, SERVICE_PREFIXES } from "../store/layout";

export type PaymentVars = Pick<Env, "PAYMENT_FILES" | "DEBTOR_NAME" | "DEBTOR_BIC" | "PAYMENT_BATCHING" | "OUTBOX_PREFIX">;

export interface PaymentConfig {
  version: Pain001Version;
  /** Empty: each debtor is named as its account is. */
  debtorName: string;
  debtorBic?: string | undefined;
  batching: "request" | "run";
  outboxPrefix: string;
}

/** A Worker variable with a value this service cannot work with: the operator must change it. */
export class PaymentConfigError extends Error {
  override name = "PaymentConfigError";
}

const BATCHING = ["request", "run"] as const;
// ISO 9362: 4 letters or digits (party), 2 letters (country), 2 letters or digits (location), optional 3 (branch).
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Whether payment files are switched on at all; a value that is not a version still counts as on (and fails paymentConfig). */
export function paymentFilesOn(vars: Pick<PaymentVars, "PAYMENT_FILES">): boolean {
  const files = (vars.PAYMENT_FILES ?? "").trim();
  return files !== "" && files !== "off";
}

/** Where payment files are written, as set (paymentConfig checks it). */
export function outboxPrefixOf(vars: Pick<PaymentVars, "OUTBOX_PREFIX">): string {
  return (vars.OUTBOX_PREFIX ?? "").trim() || DEFAULT_OUTBOX_PREFIX;
}

/** The payment file settings, or undefined when payment files are off (the default). */
export function paymentConfig(vars: PaymentVars): PaymentConfig | undefined {
  if (!paymentFilesOn(vars)) return undefined;
  const files = (vars.PAYMENT_FILES ?? "").trim();
  if (!(PAIN001_VERSIONS as readonly string[]).includes(files)) {
    throw new PaymentConfigError(`PAYMENT_FILES is "${files}": use off, ${PAIN001_VERSIONS.join(" or ")}`);
  }
  const batching = (vars.PAYMENT_BATCHING ?? "").trim() || "request";
  if (!(BATCHING as readonly string[]).includes(batching)) {
    throw new PaymentConfigError(`PAYMENT_BATCHING is "${batching}": use request (one file per payment) or run (one file per ingestion run)`);
  }
  const bic = (vars.DEBTOR_BIC ?? "").trim().toUpperCase();
  if (bic && !BIC.test(bic)) throw new PaymentConfigError(`DEBTOR_BIC "${bic}" is not a BIC of 8 or 11 letters and digits`);
  const debtorName = (vars.DEBTOR_NAME ?? "").trim();
  if ([...debtorName].length > 140) throw new PaymentConfigError("DEBTOR_NAME is longer than the 140 characters a pain.001 name holds");
  const outboxPrefix = outboxPrefixOf(vars);
  if (!outboxPrefix.endsWith("/") || outboxPrefix.startsWith("/") || SERVICE_PREFIXES.some((p) => outboxPrefix.startsWith(p))) {
    throw new PaymentConfigError(
      `OUTBOX_PREFIX "${outboxPrefix}" must be a folder name ending in "/", outside ${SERVICE_PREFIXES.join(", ")}`,
    );
  }
  return { version: files as Pain001Version, debtorName, debtorBic: bic || undefined, batching: batching as PaymentConfig["batching"], outboxPrefix };
}
