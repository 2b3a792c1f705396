import { z } from "zod";

// The Formance Generic Connector contract (generic-openapi.yaml), transcribed once:
// responses are built to these shapes and tests check every response against them.

const integerString = z.string().regex(/^-?\d+$/, "an integer string in minor units");
const positiveIntegerString = z.string().regex(/^[1-9]\d*$/, "a positive integer string in minor units");
const rfc3339 = z.iso.datetime({ offset: true });
/**
 * UMN: upper-case asset code with optional precision (EUR/2, JPY/0, JPY), by the pattern
 * Formance's engine validates every asset against: one that fails it fails the whole batch.
 */
const umn = z.string().regex(/^[A-Z][A-Z0-9]{0,16}(_[A-Z]{1,16})?(\/\d{1,6})?$/, "a UMN asset such as EUR/2");
export const MetadataSchema = z.record(z.string(), z.string()).nullable();

export const ErrorSchema = z.object({ Title: z.string(), Detail: z.string() }).strict();

export const AccountSchema = z
  .object({ id: z.string(), accountName: z.string(), createdAt: rfc3339, metadata: MetadataSchema.optional() })
  .strict();

export const BalanceSchema = z.object({ amount: integerString, currency: umn }).strict();

export const BalancesSchema = z
  .object({ id: z.string(), accountID: z.string(), at: rfc3339, balances: z.array(BalanceSchema) })
  .strict();

export const BeneficiarySchema = z
  .object({ id: z.string(), createdAt: rfc3339, ownerName: z.string(), metadata: MetadataSchema.optional() })
  .strict();

export const TransactionTypeSchema = z.enum(["PAYIN", "PAYOUT", "TRANSFER", "OTHER"]);
export const TransactionStatusSchema = z.enum([
  "PENDING", "SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED", "REFUNDED", "REFUNDED_FAILURE",
  "REFUND_REVERSED", "DISPUTE", "DISPUTE_WON", "DISPUTE_LOST", "AUTHORISATION", "CAPTURE",
  "CAPTURE_FAILED", "OTHER",
]);

export const TransactionSchema = z
  .object({
    id: z.string(),
    relatedTransactionID: z.string().optional(),
    createdAt: rfc3339,
    updatedAt: rfc3339,
    currency: umn,
    scheme: z.string().optional(),
    type: TransactionTypeSchema,
    status: TransactionStatusSchema,
    amount: integerString,
    sourceAccountID: z.string().optional(),
    destinationAccountID: z.string().optional(),
    metadata: MetadataSchema.optional(),
  })
  .strict();

/** A transaction as stored: everything but the publication cursor, which the log assigns. */
export const StoredTransactionSchema = TransactionSchema.omit({ updatedAt: true });
export const StoredAccountSchema = AccountSchema.omit({ createdAt: true });
export const StoredBeneficiarySchema = BeneficiarySchema.omit({ createdAt: true });

const paymentRequest = {
  idempotencyKey: z.string().min(1),
  amount: positiveIntegerString,
  currency: umn,
  sourceAccountId: z.string().min(1),
  destinationAccountId: z.string().min(1),
  description: z.string().optional(),
  metadata: MetadataSchema.optional(),
};

/**
 * A payment order with a field we do not know is refused, not read without it: the sender
 * meant something by it (a misspelt `descripton`, a field of a later contract) and would
 * otherwise get a payment that ignores it.
 */
function paymentRequestSchema(name: string) {
  const fields = Object.keys(paymentRequest).join(", ");
  return z.strictObject(paymentRequest, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${keys}: a ${name} has only ${fields}`;
    },
  });
}
export const PayoutRequestSchema = paymentRequestSchema("PayoutRequest");
export const TransferRequestSchema = paymentRequestSchema("TransferRequest");

const paymentResponse = {
  id: z.string(),
  idempotencyKey: z.string(),
  amount: positiveIntegerString,
  currency: umn,
  sourceAccountId: z.string(),
  destinationAccountId: z.string(),
  description: z.string().optional(),
  status: TransactionStatusSchema,
  createdAt: rfc3339,
  /** When the payment last changed (its status); its createdAt while it has not. */
  updatedAt: rfc3339.optional(),
  metadata: MetadataSchema.optional(),
};
export const PayoutSchema = z.object(paymentResponse).strict();
export const TransferSchema = z.object(paymentResponse).strict();
export type PaymentRequest = z.infer<typeof PayoutRequestSchema>;
export type PaymentResponse = z.infer<typeof PayoutSchema>;

export type Account = z.infer<typeof AccountSchema>;
export type Balances = z.infer<typeof BalancesSchema>;
export type Beneficiary = z.infer<typeof BeneficiarySchema>;
export type Transaction = z.infer<typeof TransactionSchema>;
export type StoredTransaction = z.infer<typeof StoredTransactionSchema>;
export type StoredAccount = z.infer<typeof StoredAccountSchema>;
export type StoredBeneficiary = z.infer<typeof StoredBeneficiarySchema>;
export type TransactionType = z.infer<typeof TransactionTypeSchema>;
export type TransactionStatus = z.infer<typeof TransactionStatusSchema>;
