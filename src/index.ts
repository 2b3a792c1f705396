import type { Env } from "./env";
import { readSettings } from "./settings";
import { buildRouter } from "./http/router";
import { jobOptions } from "./ingestion";
import { runScheduled } from "./tenancy";

const router = buildRouter();

export default {
  // The settings are read once per request and per run, so a fixed variable counts from the next one on.
  fetch: (request, env, ctx) => router.fetch(request, env, readSettings(env), ctx),

  async scheduled(_controller, env, _ctx) {
    await runScheduled(env, jobOptions(readSettings(env)));
  },
} satisfies ExportedHandler<Env>;
