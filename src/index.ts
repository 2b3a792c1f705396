import type { Env } from "./env";
import { buildRouter, stepBudget } from "./http/router";
import { runIngestion } from "./ingest/job";

const router = buildRouter();

export default {
  fetch: (request, env, ctx) => router.fetch(request, env, ctx),

  async scheduled(_controller, env, _ctx) {
    await runIngestion(env.STATEMENTS, { budgetMs: stepBudget(env) });
  },
} satisfies ExportedHandler<Env>;
