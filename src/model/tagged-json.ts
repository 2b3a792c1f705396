/**
 * JSON that keeps bigint values (money in minor units) exact across a round trip, for state
 * saved between ingestion steps. A bigint is written as {"$bigint": "<digits>"}.
 */
export function stringifyTagged(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? { $bigint: v.toString() } : v));
}

export function parseTagged<T>(text: string): T {
  return JSON.parse(text, (_key, v) =>
    v !== null && typeof v === "object" && typeof v.$bigint === "string" && Object.keys(v).length === 1 ? BigInt(v.$bigint) : v,
  ) as T;
}
