import { sha256, toHex } from "../model/hash";

/**
 * EndToEndId is Max35Text, and banks pass on only the SWIFT/SEPA Latin set (letters, digits
 * and / - ? : ( ) . , ' +), must not start or end with "/" nor hold "//". A key that fits is
 * used as it is, so the bank's statements carry the connector's own key; any other key maps
 * to "SC-" and the first 32 hex digits of its SHA-256: deterministic, 35 characters.
 */
const BANK_SAFE = /^[A-Za-z0-9/\-?:().,'+]{1,35}$/;

export async function endToEndIdFor(idempotencyKey: string): Promise<string> {
  if (BANK_SAFE.test(idempotencyKey) && !/^\/|\/$|\/\//.test(idempotencyKey)) return idempotencyKey;
  return `SC-${toHex(await sha256(idempotencyKey)).slice(0, 32)}`;
}
