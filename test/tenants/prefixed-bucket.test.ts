import { beforeEach, describe, expect, it } from "vitest";
import { listAll } from "../../src/store/bucket";
import { INBOX_PREFIX, SERVICE_PREFIXES, tenantPrefix } from "../../src/store/layout";
import { prefixedBucket } from "../../src/store/prefixed-bucket";
import { resetBucket, testEnv } from "../support/worker";

const real = () => testEnv.STATEMENTS;

beforeEach(resetBucket);

describe("prefixedBucket", () => {
  it("reads and writes under its prefix, and answers keys without it", async () => {
    const bucket = prefixedBucket(real(), tenantPrefix("t1"));
    const put = await bucket.put("inbox/main/a.csv", "a");
    expect(put!.key).toBe("inbox/main/a.csv");
    expect(await (await real().get(`${tenantPrefix("t1")}inbox/main/a.csv`))!.text()).toBe("a");
    expect((await real().head("inbox/main/a.csv"))).toBeNull();
    const got = (await bucket.get("inbox/main/a.csv"))!;
    expect([got.key, await got.text()]).toEqual(["inbox/main/a.csv", "a"]);
    expect((await bucket.head("inbox/main/a.csv"))!.key).toBe("inbox/main/a.csv");
    const ranged = (await bucket.get("inbox/main/a.csv", { range: { offset: 0, length: 1 } }))!;
    expect(await ranged.text()).toBe("a");
    await bucket.delete(["inbox/main/a.csv"]);
    expect(await bucket.head("inbox/main/a.csv")).toBeNull();
  });

  it("lists only its own folder, by prefix, cursor, startAfter and delimiter, keys and folders without the prefix", async () => {
    const mine = prefixedBucket(real(), tenantPrefix("t1"));
    const theirs = prefixedBucket(real(), tenantPrefix("t10"));
    for (const name of ["a", "b", "c"]) await mine.put(`inbox/s/${name}.csv`, name);
    await mine.put("config/profiles/s.json", "{}");
    await theirs.put("inbox/s/z.csv", "z");
    await real().put("inbox/s/root.csv", "root");
    const keys: string[] = [];
    for await (const object of listAll(mine, "")) keys.push(object.key);
    expect(keys).toEqual(["config/profiles/s.json", "inbox/s/a.csv", "inbox/s/b.csv", "inbox/s/c.csv"]);
    const first = await mine.list({ prefix: INBOX_PREFIX, limit: 2 });
    expect(first.objects.map((o) => o.key)).toEqual(["inbox/s/a.csv", "inbox/s/b.csv"]);
    expect(first.truncated).toBe(true);
    const next = await mine.list({ prefix: INBOX_PREFIX, limit: 2, cursor: first.truncated ? first.cursor : undefined });
    expect(next.objects.map((o) => o.key)).toEqual(["inbox/s/c.csv"]);
    expect((await mine.list({ startAfter: "inbox/s/a.csv" })).objects.map((o) => o.key)).toEqual(["inbox/s/b.csv", "inbox/s/c.csv"]);
    expect((await mine.list({ delimiter: "/" })).delimitedPrefixes.sort()).toEqual(["config/", "inbox/"]);
  });

  it("leaves the default tenant's listings of its own folders without any tenant's or the platform's keys", async () => {
    await prefixedBucket(real(), tenantPrefix("t1")).put("inbox/s/a.csv", "a");
    await real().put("inbox/s/root.csv", "root");
    for (const prefix of SERVICE_PREFIXES.filter((p) => !p.startsWith("tenants") && !p.startsWith("platform"))) {
      for await (const object of listAll(real(), prefix)) expect(object.key.startsWith(prefix)).toBe(true);
    }
    const inbox: string[] = [];
    for await (const object of listAll(real(), INBOX_PREFIX)) inbox.push(object.key);
    expect(inbox).toEqual(["inbox/s/root.csv"]);
  });
});
