import { type IRequest, Router } from "itty-router";
import { accountHistory, accountsView } from "../admin/accounts";
import { listFiles, retryFile, uploadFile } from "../admin/files";
import { outboxFile, listPayments } from "../admin/payments";
import { deleteProfile, getProfile, putProfile } from "../admin/profiles";
import { statusPageAsset } from "../admin/status-page";
import { searchTransactions } from "../admin/transactions";
import type { Env } from "../env";
import { type RunOptions, runIngestion } from "../ingest/job";
import { recentRuns } from "../ingest/run-history";
import { authorize } from "./auth";
import { corsPreflight, withCors } from "./cors";
import { HttpError, toErrorResponse } from "./errors";
import { openApiDocument } from "./openapi";
import { initiatePayment } from "./payments";
import { accountBalances, listPage } from "./resources";
import { withSecurityHeaders } from "./security-headers";

type Args = [Env, ExecutionContext];

const connector = (request: IRequest, env: Env) => authorize(request, env, "connector").then(() => undefined);
const admin = (request: IRequest, env: Env) => authorize(request, env, "admin").then(() => undefined);

/** Every route with its methods, so a known path with a wrong method is a 405 with Allow, not a 404. */
const ROUTES: [RegExp, string[]][] = [
  [/^\/openapi\.json$/, ["GET"]],
  [/^\/accounts$/, ["GET"]],
  [/^\/accounts\/[^/]+\/balances$/, ["GET"]],
  [/^\/beneficiaries$/, ["GET"]],
  [/^\/transactions$/, ["GET"]],
  [/^\/payouts$/, ["POST"]],
  [/^\/transfers$/, ["POST"]],
  [/^\/admin$/, ["GET"]],
  [/^\/admin\/app\.(js|css)$/, ["GET"]],
  [/^\/admin\/files$/, ["GET"]],
  [/^\/admin\/files\/[^/]+\/.+$/, ["PUT"]],
  [/^\/admin\/ingest$/, ["POST"]],
  [/^\/admin\/retry\/[^/]+\/.+$/, ["POST"]],
  [/^\/admin\/accounts$/, ["GET"]],
  [/^\/admin\/accounts\/[^/]+\/history$/, ["GET"]],
  [/^\/admin\/transactions$/, ["GET"]],
  [/^\/admin\/runs$/, ["GET"]],
  [/^\/admin\/profiles\/[^/]+$/, ["GET", "PUT", "DELETE"]],
  [/^\/admin\/payments$/, ["GET"]],
  [/^\/admin\/outbox\/.+$/, ["GET"]],
];

export function buildRouter() {
  const router = Router<IRequest, Args>({ before: [corsPreflight], catch: toErrorResponse, finally: [withSecurityHeaders, withCors] });
  router
    .get("/openapi.json", () => Response.json(openApiDocument()))
    .get("/accounts", connector, (r, env) => listPage(env, "accounts", r.query))
    .get("/accounts/:accountId/balances", connector, (r, env) => accountBalances(env, r.params.accountId!))
    .get("/beneficiaries", connector, (r, env) => listPage(env, "beneficiaries", r.query))
    .get("/transactions", connector, (r, env) => listPage(env, "transactions", r.query))
    .post("/payouts", connector, (r, env) => initiatePayment(r, env, "PAYOUT"))
    .post("/transfers", connector, (r, env) => initiatePayment(r, env, "TRANSFER"))
    .get("/admin", () => statusPageAsset("page"))
    .get("/admin/app.js", () => statusPageAsset("script"))
    .get("/admin/app.css", () => statusPageAsset("style"))
    .get("/admin/files", admin, (_r, env) => listFiles(env))
    .put("/admin/files/:source/:name+", admin, (r, env) => uploadFile(r, env, r.params.source!, r.params.name!))
    .post("/admin/retry/:source/:name+", admin, (r, env) => retryFile(env, r.params.source!, r.params.name!))
    .post("/admin/ingest", admin, async (_r, env) => Response.json(await runIngestion(env.STATEMENTS, jobOptions(env))))
    .get("/admin/accounts", admin, (_r, env) => accountsView(env))
    .get("/admin/accounts/:accountId/history", admin, (r, env) => accountHistory(env, r.params.accountId!))
    .get("/admin/transactions", admin, (r, env) => searchTransactions(env, r.query))
    .get("/admin/runs", admin, async (_r, env) => Response.json(await recentRuns(env.STATEMENTS)))
    .get("/admin/profiles/:source", admin, (r, env) => getProfile(env, r.params.source!))
    .put("/admin/profiles/:source", admin, (r, env) => putProfile(r, env, r.params.source!))
    .delete("/admin/profiles/:source", admin, (r, env) => deleteProfile(env, r.params.source!))
    .get("/admin/payments", admin, (_r, env) => listPayments(env))
    .get("/admin/outbox/:name+", admin, (r, env) => outboxFile(env, r.params.name!))
    .all("*", (request) => {
      const path = new URL(request.url).pathname;
      const route = ROUTES.find(([pattern]) => pattern.test(path));
      if (route) {
        throw new HttpError(405, "Method Not Allowed", `${request.method} is not allowed on ${path}; use ${route[1].join(", ")}.`, { allow: route[1].join(", ") });
      }
      throw new HttpError(404, "Not Found", `No route ${path}.`);
    });
  return router;
}

/** The ingestion job's options from the Worker's variables, for the cron trigger and POST /admin/ingest alike. */
export function jobOptions(env: Env): RunOptions {
  return { budgetMs: stepBudget(env), payments: env };
}

export function stepBudget(env: Env): number {
  const value = Number(env.INGEST_STEP_MS);
  return Number.isFinite(value) && value > 0 ? value : 20_000;
}
