// The in-process ticker: one cron pass a minute, never two at once in this process. Concurrent
// passes from other processes are safe anyway (the tick is exactly-once in the database).
import { getDb } from "@/lib/db";
import { connectionFault } from "@/lib/db/faults";
import { runCron } from "@/lib/cron";
import { env } from "@/lib/env";
import { digestSettings } from "@/lib/digest/settings";
import { errorMessage, logEvent } from "@/lib/log";

const INTERVAL_MS = 60_000;
type Global = { __rotaScheduler?: NodeJS.Timeout };
const g = globalThis as Global;

export function startScheduler(clock: () => Date) {
  if (g.__rotaScheduler) return;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const result = await runCron(await getDb(), {
        now: clock(),
        timeBudgetMs: 50_000,
        elapsedMs: () => performance.now(),
        retentionDays: env().RETENTION_DAYS,
      digest: digestSettings(env()),
      });
      const { agents, digests } = result;
      const busy = result.ticked || result.failed || result.completed || digests.sent || digests.failed;
      if (busy || agents.requeued || agents.lost || agents.deleted) {
        console.log("[rota] cron pass", JSON.stringify(result));
      }
    } catch (err) {
      // The database down or restarting: this pass fails whole, and the next one ticks what it missed.
      const fault = connectionFault(err);
      logEvent("error", "cron_pass_failed", fault ? { code: fault } : { code: "error", message: errorMessage(err) });
    } finally {
      running = false;
    }
  };
  console.log("[rota] scheduler on: a cron pass every minute (SCHEDULER=off disables it)");
  g.__rotaScheduler = setInterval(pass, INTERVAL_MS);
  g.__rotaScheduler.unref();
  setTimeout(pass, 5_000).unref(); // a first pass soon after start, not a minute later
}
