// A worker as the configuration describes it (docs/agents.md "Running workers"): the executor that
// AGENT_EXECUTOR names, with its limits, and the worker's concurrency and lease. `npm start` runs one
// in its server process (instrumentation.ts); `npm run worker` runs one on its own (scripts/worker.ts).
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "@/lib/db";
import { publicUrl, type Env } from "@/lib/env";
import type { AgentExecutor } from "./executor";
import { createPlaywrightExecutor } from "./playwright";
import { createWebhookExecutor } from "./webhook";
import { startWorker, type Worker } from "./worker";
import { deliverRunDigests } from "@/lib/digest/deliver";
import { digestSettings } from "@/lib/digest/settings";

export type Clocks = { now: () => Date; elapsedMs: () => number };

export function executorFromConfig(config: Env, clocks: Clocks): AgentExecutor {
  if (config.AGENT_EXECUTOR === "webhook") {
    return createWebhookExecutor({
      // Both are required with AGENT_EXECUTOR=webhook; the configuration schema has checked them.
      url: config.AGENT_WEBHOOK_URL!,
      secret: config.AGENT_WEBHOOK_SECRET!,
      appUrl: publicUrl(config),
      reportTimeoutMs: config.AGENT_WEBHOOK_TIMEOUT_MS,
      now: clocks.now,
    });
  }
  return createPlaywrightExecutor({
    chromiumPath: config.CHROMIUM_PATH,
    stepBudgetMs: config.AGENT_STEP_BUDGET_MS,
    stepTimeoutMs: config.AGENT_STEP_TIMEOUT_MS,
    journeyTimeoutMs: config.AGENT_JOURNEY_TIMEOUT_MS,
    blockPrivate: config.AGENT_BLOCK_PRIVATE === "on",
    elapsedMs: clocks.elapsedMs,
  });
}

/** Unique per worker and recognizable in the agents table: host, process and a random suffix. */
export function workerOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function startConfiguredWorker(db: Db, config: Env, clocks: Clocks): Worker {
  // Once per worker, not per completed run (it holds the Resend client).
  const digest = digestSettings(config);
  return startWorker({
    db,
    executor: executorFromConfig(config, clocks),
    owner: workerOwner(),
    concurrency: config.AGENT_CONCURRENCY,
    leaseMs: config.AGENT_LEASE_MS,
    now: clocks.now,
    elapsedMs: clocks.elapsedMs,
    graceMs: config.AGENT_SHUTDOWN_GRACE_MS,
    // The digest goes out from the worker that completed the run (the cron pass is the safety net).
    onRunCompleted: (runId) => deliverRunDigests(db, [runId], clocks.now(), digest),
  });
}
