import { describe, expect, it } from "vitest";
import { SERVICE_PREFIXES } from "../../src/store/layout";

// Every source file as text, bundled at build time: workerd has no file system.
const sources = import.meta.glob<string>("../../src/**/*.ts", { query: "?raw", import: "default", eager: true });

/** The code of a module: comments may name keys (`inbox/<source>/<name>`), code may not spell them. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

describe("the bucket layout", () => {
  it("is declared in src/store/layout.ts alone: no other module writes a key of the service's folders", () => {
    const literal = new RegExp(`["'\`](${SERVICE_PREFIXES.join("|")})`);
    const files = Object.keys(sources);
    expect(files.length).toBeGreaterThan(50);
    const offending = files.filter((file) => !file.endsWith("/store/layout.ts") && literal.test(withoutComments(sources[file]!)));
    expect(offending).toEqual([]);
  });
});
