/**
 * A payment request this service cannot turn into a payment file, with what to change in it.
 * Payments know nothing of HTTP: src/http/errors.ts answers it as 400.
 */
export class PaymentRequestError extends Error {
  override name = "PaymentRequestError";
}
