// One cron pass (docs/engine.md "Where it runs"): tick every due schedule once, in bounded batches within a
// time budget, then complete finished runs. Vercel Cron, the in-process timer and tests all call
// this one function; a trigger that repeats, overlaps or goes missing changes nothing.
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { schedules } from "@/lib/db/schema";
import { logEvent } from "@/lib/log";
import { completeRuns } from "@/lib/runs/complete";
import { recordFailedTick } from "./failed";
import { describeFailure } from "./failure";
import type { ScheduleSummaries } from "./reservations";
import { tickDueSchedules, tickSchedule, type TickHooks } from "./tick";

export type CronPassOptions = {
  now: Date;
  /** Due schedules read per query. */
  batchSize?: number;
  /** Schedules ticked per transaction. */
  tickBatch?: number;
  /** Milliseconds this pass may spend ticking; the rest waits for the next pass. */
  timeBudgetMs?: number;
  /** Monotonic milliseconds, injected (lib/ never reads the clock). */
  elapsedMs?: () => number;
  /** Test seam: passed to every tick of the pass (e.g. to inject a fault). */
  hooks?: TickHooks;
};

/**
 * `failed`: ticks recorded as failed runs (the schedule moved on); `retry`: ticks that failed for a
 * transient reason and stay due for the next pass.
 */
export type CronPassResult = {
  due: number;
  ticked: number;
  failed: number;
  retry: number;
  completed: number;
  more: boolean;
};

export async function cronPass(db: Db, opts: CronPassOptions): Promise<CronPassResult> {
  const { now, batchSize = 200, tickBatch = 25, timeBudgetMs = Infinity } = opts;
  const start = opts.elapsedMs?.() ?? 0;
  const outOfTime = () => opts.elapsedMs !== undefined && opts.elapsedMs() - start > timeBudgetMs;
  const result: CronPassResult = { due: 0, ticked: 0, failed: 0, retry: 0, completed: 0, more: false };
  // Schedules this pass has handled (or found locked by another pass) are not read again by it.
  const seen = new Set<string>();
  // The tenants' schedule summaries, read once per pass for the tenant-day plan (reservations.ts).
  const summaries: ScheduleSummaries = new Map();
  outer: for (;;) {
    const due = await db
      .select({ id: schedules.id, nextTickAt: schedules.nextTickAt })
      .from(schedules)
      .where(and(eq(schedules.enabled, true), isNull(schedules.deletedAt), lte(schedules.nextTickAt, now)))
      .orderBy(asc(schedules.nextTickAt), asc(schedules.id))
      .limit(batchSize + seen.size);
    const pendingSlot = new Map(due.map((d) => [d.id, d.nextTickAt]));
    const fresh = due.map((d) => d.id).filter((id) => !seen.has(id));
    if (fresh.length === 0) break;
    for (let i = 0; i < fresh.length; i += tickBatch) {
      if (outOfTime()) {
        result.more = true;
        break outer;
      }
      const chunk = fresh.slice(i, i + tickBatch);
      chunk.forEach((id) => seen.add(id));
      result.due += chunk.length;
      try {
        result.ticked += (await tickDueSchedules(db, chunk, now, opts.hooks, summaries)).length;
      } catch (err) {
        // The batch rolled back as a whole; tick its schedules one by one to isolate the failure.
        const f = describeFailure(err);
        logEvent("warn", "tick_batch_failed", { schedules: chunk.length, code: f.code, transient: f.transient });
        for (const id of chunk) await tickAlone(db, id, pendingSlot.get(id) ?? null, now, result, opts.hooks);
      }
    }
  }
  result.completed = (await completeRuns(db, now)).length;
  return result;
}

async function tickAlone(
  db: Db,
  id: string,
  pending: Date | null,
  now: Date,
  result: CronPassResult,
  hooks: TickHooks = {},
) {
  try {
    if (await tickSchedule(db, { trigger: "cron", scheduleId: id, now }, hooks)) result.ticked++;
  } catch (err) {
    const failure = describeFailure(err);
    const fields = { schedule_id: id, slot_at: pending?.toISOString() ?? null, code: failure.code };
    if (failure.transient) {
      // Rolled back and still due: the next pass ticks this slot.
      result.retry++;
      logEvent("error", "tick_failed", { ...fields, outcome: "retry_next_pass", message: failure.message });
      return;
    }
    try {
      const recorded = await recordFailedTick(db, id, now, failure);
      if (recorded) result.failed++;
      logEvent("error", "tick_failed", {
        ...fields,
        slot_at: recorded?.slotAt.toISOString() ?? fields.slot_at,
        outcome: recorded ? "failed_run" : "ticked_meanwhile",
        run_id: recorded?.runId ?? null,
        message: failure.message,
      });
    } catch (recordErr) {
      // Nothing was written: the slot stays due and the next pass tries it again.
      result.retry++;
      logEvent("error", "tick_failed", {
        ...fields,
        outcome: "retry_next_pass",
        message: failure.message,
        record_code: describeFailure(recordErr).code,
      });
    }
  }
}
