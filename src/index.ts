import type { Env } from "./env";
import { buildRouter, jobOptions } from "./http/router";
import { runIngestion } from "./ingest/job";

const router = buildRouter();

export default {
  fetch: (request, env, ctx) => router.fetch(request, env, ctx),

  async scheduled(_controller, env, _ctx) {
    await runIngestion(env.STATEMENTS, jobOptions(env));
  },
} satisfies ExportedHandler<Env>;
