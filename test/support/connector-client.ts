import { getJson } from "./worker";

/**
 * A client that polls exactly as the Formance Generic Connector does (CONNECTOR.md): the
 * `From` filter is the last accepted cursor truncated to whole seconds, items at or before
 * the last cursor are skipped, and pages continue by the ShouldFetchMore rules.
 */
export interface Item {
  id: string;
  [field: string]: unknown;
}

export class ConnectorClient {
  last: string | undefined;
  readonly delivered: Item[] = [];
  requests = 0;

  constructor(
    private readonly path: "/transactions" | "/accounts" | "/beneficiaries",
    private readonly field: "updatedAt" | "createdAt",
    private readonly pageSize = 100,
  ) {}

  /** One task run: pages until the connector stops; returns hasMore. `betweenPages` runs after each page (to change the store mid-walk). */
  async pollOnce(betweenPages?: () => Promise<unknown>): Promise<boolean> {
    const n = this.pageSize;
    const accepted: Item[] = [];
    let hasMore = false;
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), pageSize: String(n), sort: `${this.field}:asc` });
      if (this.last) params.set(`${this.field}From`, truncateToSeconds(this.last));
      const batch = await getJson<Item[]>(`${this.path}?${params}`);
      this.requests++;
      for (const item of batch) {
        if (this.last && instant(item[this.field]) <= instant(this.last)) continue;
        accepted.push(item);
      }
      let needMore: boolean;
      if (accepted.length > n) {
        needMore = false;
        hasMore = true;
      } else if (accepted.length === n) {
        needMore = false;
        hasMore = batch.length >= n;
      } else {
        needMore = true;
        hasMore = batch.length >= n;
      }
      if (!needMore || !hasMore) break;
      await betweenPages?.();
    }
    const kept = accepted.slice(0, n);
    this.delivered.push(...kept);
    const tail = kept.at(-1);
    if (tail) this.last = tail[this.field] as string;
    return hasMore;
  }

  /** What the engine does in one polling period: call again at once while hasMore. */
  async sync(): Promise<void> {
    while (await this.pollOnce());
  }

  /** The latest version of each delivered item, by id (the connector upserts). */
  latest(): Map<string, Item> {
    return new Map(this.delivered.map((item) => [item.id, item]));
  }
}

function truncateToSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function instant(value: unknown): number {
  return Date.parse(String(value));
}
