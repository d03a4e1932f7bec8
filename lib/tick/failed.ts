// A tick that fails for a reason that retrying cannot cure (describeFailure says it is not
// transient) is recorded as a `failed` run (reason `error`, with the failure's code and message)
// and the schedule moves to its next slot, so the audit trail shows it and a persistent fault
// cannot make every cron pass retry the same slot forever. Transient failures are not recorded:
// the slot stays due and the next pass ticks it.
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { scheduleRuns, schedules } from "@/lib/db/schema";
import type { TickFailure } from "./failure";
import { cronSlot } from "./tick";

export type RecordedFailure = { runId: string; slotAt: Date };

/** The failed run written for the schedule's pending slot; null when someone ticked it meanwhile. */
export async function recordFailedTick(
  db: Db,
  scheduleId: string,
  now: Date,
  failure: TickFailure,
): Promise<RecordedFailure | null> {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(schedules).where(eq(schedules.id, scheduleId)).for("update");
    if (!s || !s.nextTickAt || s.nextTickAt > now) return null;
    // The fault may be in the schedule's timing itself: then record the pending slot and stop
    // ticking it (next_tick_at null) until an update recomputes its slots.
    const slots = attempt(() => cronSlot(s, now));
    const slotAt = slots?.slotAt ?? s.nextTickAt;
    const [inserted] = await tx
      .insert(scheduleRuns)
      .values({
        tenantId: s.tenantId,
        scheduleId: s.id,
        trigger: "cron",
        slotAt,
        startedAt: now,
        finishedAt: now,
        status: "failed",
        reason: "error",
        budget: { tick: 0, tenant_remaining_before: 0, reserved_for_others: 0, spent: 0 },
        selected: [],
        skipped: [],
        digest: null,
        error: { code: failure.code, message: failure.message },
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: scheduleRuns.id });
    // Its slot has a run already: the schedule still moves on.
    await tx
      .update(schedules)
      .set({ lastTickAt: now, nextTickAt: slots?.nextTickAt ?? null })
      .where(eq(schedules.id, s.id));
    return inserted ? { runId: inserted.id, slotAt } : null;
  });
}

function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
