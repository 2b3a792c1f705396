import type { Profile } from "../model/profile";
import type { SandboxAccount } from "./bank";

/**
 * The profile of a test account's inbox folder: published as it comes (a sandbox is for seeing
 * data flow, not for review), and the account named, so that a CSV export, which names none, is
 * the IBAN's like the account's other files.
 */
export function sourceProfile(account: SandboxAccount): Profile {
  return { mode: "auto", account: { id: account.iban, name: account.name, currency: account.currency } };
}
