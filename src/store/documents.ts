import { z } from "zod";
import { FileRecordSchema } from "../model/file-record";
import { emptyLedger, PaymentLedgerSchema } from "../model/payment";
import { AccountBookSchema, BeneficiaryRecordSchema } from "../model/account-book";
import { DaysTableSchema } from "./booking-days";
import { type Bucket, readRequiredJson } from "./bucket";
import { IndexTableSchema } from "./entry-index";

/**
 * The small state documents a manifest names: each one's schema, and what it is before it
 * first exists. Reading them all, committing them, staging and collecting them derive from
 * this table; the manifest holds one key per name.
 */
export const STATE_DOCUMENTS = {
  accounts: { schema: AccountBookSchema, empty: () => ({}) },
  files: { schema: z.record(z.string(), FileRecordSchema), empty: () => ({}) },
  /** Index shard name to the key of its current object. */
  index: { schema: IndexTableSchema, empty: () => ({}) },
  /** Beneficiary id to its owner name and the files that brought it. */
  beneficiaries: { schema: z.record(z.string(), BeneficiaryRecordSchema), empty: () => ({}) },
  /** Table of booking days, for transactions in booking order. */
  days: { schema: DaysTableSchema, empty: () => [] },
  /** The ledger of initiated payments. */
  payments: { schema: PaymentLedgerSchema, empty: emptyLedger },
} as const;

export type DocumentName = keyof typeof STATE_DOCUMENTS;
export type Documents = { [K in DocumentName]: z.infer<(typeof STATE_DOCUMENTS)[K]["schema"]> };
export const DOCUMENT_NAMES = Object.keys(STATE_DOCUMENTS) as DocumentName[];

/** Where the current version of each document is: the manifest names one key per document. */
export type DocumentKeys = Partial<Record<DocumentName, string>>;

export type FileRegistry = Documents["files"];
export type Beneficiaries = Documents["beneficiaries"];

/** A stored version of a document, checked against its schema. */
export function readStoredDocument<K extends DocumentName>(bucket: Bucket, key: string, name: K): Promise<Documents[K]> {
  return readRequiredJson(bucket, key, STATE_DOCUMENTS[name].schema) as Promise<Documents[K]>;
}

/** One state document: requests read only the ones they serve. */
export async function readDocument<K extends DocumentName>(bucket: Bucket, manifest: DocumentKeys, name: K): Promise<Documents[K]> {
  const key = manifest[name];
  return key ? readStoredDocument(bucket, key, name) : (STATE_DOCUMENTS[name].empty() as Documents[K]);
}

/** Every state document, for a publication built on the manifest. */
export async function readDocuments(bucket: Bucket, manifest: DocumentKeys): Promise<Documents> {
  const values = await Promise.all(DOCUMENT_NAMES.map((name) => readDocument(bucket, manifest, name)));
  return Object.fromEntries(DOCUMENT_NAMES.map((name, i) => [name, values[i]])) as Documents;
}
