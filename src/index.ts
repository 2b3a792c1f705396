import type { Env } from "./env";
import { readSettings } from "./settings";
import { buildRouter } from "./http/router";
import { jobOptions } from "./ingestion";
import { runScheduled } from "./tenancy";
import { consumeInboxEvents } from "./inbox-queue";

const router = buildRouter();

export default {
  // The settings are read once per request and per run, so a fixed variable counts from the next one on.
  fetch: (request, env, ctx) => router.fetch(request, env, readSettings(env), ctx),

  async scheduled(_controller, env, _ctx) {
    await runScheduled(env, jobOptions(readSettings(env)));
  },

  // Files read as they arrive (R2 event notifications through the inbox queue); the cron above is the safety net.
  async queue(batch, env, _ctx) {
    await consumeInboxEvents(batch, env, jobOptions(readSettings(env)));
  },
} satisfies ExportedHandler<Env>;
