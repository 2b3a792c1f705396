import type { Pain001Version } from "../model/payment";
import { requiredSetting, type Settings } from "../settings";

export interface PaymentConfig {
  version: Pain001Version;
  /** Empty: each debtor is named as its account is. */
  debtorName: string;
  debtorBic?: string | undefined;
  batching: "request" | "run";
  outboxPrefix: string;
}

/** Whether payment files are switched on at all; a value that is not a version still counts as on (and fails paymentConfig). */
export function paymentFilesOn(settings: Settings): boolean {
  return settings.values.PAYMENT_FILES !== "off" || settings.invalid.PAYMENT_FILES !== undefined;
}

/**
 * The payment file settings, or undefined when payment files are off (the default). A variable
 * with a value that cannot be used throws its SettingError: payments wait for the operator.
 */
export function paymentConfig(settings: Settings): PaymentConfig | undefined {
  if (!paymentFilesOn(settings)) return undefined;
  const version = requiredSetting(settings, "PAYMENT_FILES");
  if (version === "off") return undefined;
  return {
    version,
    batching: requiredSetting(settings, "PAYMENT_BATCHING"),
    debtorBic: requiredSetting(settings, "DEBTOR_BIC") || undefined,
    debtorName: requiredSetting(settings, "DEBTOR_NAME"),
    outboxPrefix: requiredSetting(settings, "OUTBOX_PREFIX"),
  };
}
