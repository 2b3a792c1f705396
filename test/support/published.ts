import { getJson } from "./worker";

export type Served = { id: string; metadata?: Record<string, string> } & Record<string, unknown>;

const unstamped = (items: Served[], field: string): Served[] => items.map((item) => ({ ...item, [field]: undefined }));

/** The transactions the API serves, in the order it serves them, without their publication times. */
export const servedTransactions = async (): Promise<Served[]> => unstamped(await getJson<Served[]>("/transactions?pageSize=1000"), "updatedAt");

/**
 * The transactions, accounts and beneficiaries the API serves, in the order it serves them,
 * without their publication times (which differ between two stores).
 */
export async function published(): Promise<{ transactions: Served[]; accounts: Served[]; beneficiaries: Served[] }> {
  return {
    transactions: await servedTransactions(),
    accounts: unstamped(await getJson<Served[]>("/accounts"), "createdAt"),
    beneficiaries: unstamped(await getJson<Served[]>("/beneficiaries"), "createdAt"),
  };
}
