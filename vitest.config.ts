import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: pure code (formats, model) runs in plain Node, where tests can also read the
// shared corpus from disk; everything that touches bindings runs inside workerd on local R2.
// Generous: on a loaded 2-core CI machine whole-ingest tests take seconds; a timeout is not an assertion.
const TEST_TIMEOUT_MS = 60_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          testTimeout: TEST_TIMEOUT_MS,
          include: ["test/formats/**/*.test.ts", "test/model/**/*.test.ts", "test/map/**/*.test.ts", "test/property/**/*.test.ts", "test/fuzz/**/*.test.ts", "test/cli/**/*.test.ts", "test/sandbox/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // The status page in headless Chromium against the Worker served by wrangler over HTTP.
        test: { name: "browser", testTimeout: TEST_TIMEOUT_MS, hookTimeout: TEST_TIMEOUT_MS, include: ["test/browser/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Set here so that a developer's .dev.vars (read by the plugin) cannot change what the tests see.
              // New sources are published as they come (tests upload into fresh sources); the review
              // tests set NEW_SOURCES themselves, its default (review) included.
              bindings: { API_KEYS: "connector-key-1, connector-key-2", ADMIN_API_KEY: "admin-key", PAYMENT_FILES: "off", NEW_SOURCES: "auto" },
              // The suite makes thousands of requests a minute with one key; limiting has its own tests.
              ratelimits: { RATE_LIMITER: { namespace_id: "7301", simple: { limit: 1_000_000, period: 60 } } },
            },
          }),
        ],
        test: {
          name: "workers",
          // One Worker runs every file in turn, its modules loaded once: a runtime per file spent
          // more time importing the service than running the tests. Each file starts from an empty
          // bucket (fresh-store.ts), as it did with a runtime of its own.
          isolate: false,
          setupFiles: ["test/support/fresh-store.ts"],
          testTimeout: TEST_TIMEOUT_MS,
          // Reads the shared corpus in Node and provides it to the tests: workerd has no file system.
          globalSetup: ["test/support/corpus-setup.ts"],
          include: ["test/http/**/*.test.ts", "test/ingest/**/*.test.ts", "test/store/**/*.test.ts", "test/admin/**/*.test.ts", "test/payments/**/*.test.ts", "test/tenants/**/*.test.ts"],
        },
      },
    ],
  },
});
