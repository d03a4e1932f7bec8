// Everything one cron pass does (docs/engine.md "Where it runs", docs/agents.md "The queue"): agents
// whose worker vanished are retried or ended, due schedules are ticked, finished runs completed, their
// digests decided and due digests sent (docs/digest.md), and agents past the retention period deleted;
// a completed pass leaves its heartbeat for GET /api/health. Vercel Cron, the in-process timer and tests call this.
import type { Db } from "@/lib/db";
import { errorMessage, logEvent } from "@/lib/log";
import { deleteExpiredAgents, reapExpiredLeases } from "@/lib/agents/queue";
import { digestPass, type DigestSettings } from "@/lib/digest/deliver";
import { cronPass, type CronPassOptions, type CronPassResult } from "@/lib/tick/cron-pass";
import { recordCronFailure, recordCronPass } from "@/lib/health/heartbeats";

export type CronOptions = CronPassOptions & {
  /** RETENTION_DAYS: agents older than this are deleted. */
  retentionDays: number;
  /** Agents deleted per pass at most; the rest go in later passes. */
  retentionBatch?: number;
  digest: DigestSettings;
};

export type CronResult = CronPassResult & {
  /** Agents whose lease expired: queued for their retry, or ended `error` after it. */
  agents: { requeued: number; lost: number; deleted: number };
  /** Digests sent, and sends that failed (retried on a later pass), in this pass. */
  digests: { sent: number; failed: number };
};

export async function runCron(db: Db, opts: CronOptions): Promise<CronResult> {
  let result: CronResult;
  try {
    result = await cronSteps(db, opts);
  } catch (err) {
    // GET /api/health shows when the last pass failed; the error itself goes to the caller's log.
    await recordCronFailure(db, opts.now).catch(() => undefined);
    throw err;
  }
  // The pass did its work: a heartbeat that cannot be written is logged, not the pass's failure.
  await recordCronPass(db, opts.now).catch((err) => logEvent("warn", "cron_heartbeat_failed", { message: errorMessage(err) }));
  return result;
}

async function cronSteps(db: Db, opts: CronOptions): Promise<CronResult> {
  // Before the ticks: a lost agent ended here lets its run complete in this same pass.
  const reaped = await reapExpiredLeases(db, opts.now);
  const pass = await cronPass(db, opts);
  // After the ticks and completions: runs completed where no digest was prepared, and retries.
  const digests = await digestPass(db, opts.now, opts.digest).catch((err) => {
    // Digests are retried by the next pass; retention below must not wait for them.
    logEvent("error", "digest_pass_failed", { message: errorMessage(err) });
    return { sent: 0, failed: 0 };
  });
  const deleted = await deleteExpiredAgents(db, opts.now, opts.retentionDays, opts.retentionBatch ?? 5_000);
  return { ...pass, agents: { requeued: reaped.requeued, lost: reaped.failed, deleted }, digests };
}
