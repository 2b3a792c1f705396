// The Formance Generic Connector's polling, over HTTP (CONNECTOR.md, "The cursor"; the same
// algorithm as test/support/connector-client.ts, which calls the worker in-process): the
// `From` filter is the last accepted cursor cut to whole seconds, items at or before that
// cursor are dropped, and pages continue by the ShouldFetchMore rules.
import { callJson } from "./http.mjs";

/** The connector's `From` value: RFC 3339 in UTC cut to whole seconds (`2026-11-20T10:15:42Z`). */
export const truncateToSeconds = (iso) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace(".000Z", "Z");

/**
 * Syncs `/transactions` from empty until the connector would wait for its next period.
 * Resolves with the requests made and the distinct ids delivered; keeps ids only, not items.
 */
export async function syncTransactions(server, store, pageSize = 100) {
  const field = "updatedAt";
  const ids = new Set();
  let last;
  let requests = 0;
  for (let hasMore = true; hasMore; ) {
    const accepted = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize), sort: `${field}:asc` });
      if (last) params.set(`${field}From`, truncateToSeconds(last));
      const { json: batch } = await callJson(server.url, `/transactions?${params}`, { store });
      requests++;
      for (const item of batch) if (!last || Date.parse(item[field]) > Date.parse(last)) accepted.push(item);
      const needMore = accepted.length < pageSize;
      hasMore = accepted.length > pageSize || batch.length >= pageSize;
      if (!needMore || !hasMore) break;
    }
    const kept = accepted.slice(0, pageSize);
    for (const item of kept) ids.add(item.id);
    if (kept.length > 0) last = kept.at(-1)[field];
  }
  return { requests, delivered: ids.size };
}
