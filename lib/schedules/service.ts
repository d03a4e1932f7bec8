// Schedule verbs (README "The API"). Each is scoped to the caller's tenant; anything not found is 404.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/lib/db";
import { agents, scheduleItems, schedules } from "@/lib/db/schema";
import type { Tenant } from "@/lib/auth/api-keys";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { findProject } from "@/lib/projects/service";
import { findSchedule, findScheduleWithItems, itemsOf, type CostedItem, type ScheduleRow } from "./repo";
import { notFound } from "@/lib/errors";
import { completeRuns, distinctRunIds } from "@/lib/runs/complete";
import type { CreateSchedule, UpdateSchedule } from "./schemas";
import { anchorDateFor, effectiveBudget, nextTickAfter } from "./timing";
import { scheduleView } from "./view";

export function presentSchedule(s: ScheduleRow, items: CostedItem[], now: Date) {
  return scheduleView(s, items, effectiveBudget(s, items, now));
}

export async function createSchedule(db: Executor, tenant: Tenant, input: CreateSchedule, now: Date) {
  await findProject(db, tenant.id, input.project_id);
  const timezone = input.timezone ?? tenant.timezone;
  const values = {
    tenantId: tenant.id,
    projectId: input.project_id,
    name: input.name,
    enabled: input.enabled,
    timezone,
    runTime: input.run_time,
    runDays: input.run_days,
    tickIntervalHours: input.tick_interval_hours,
    coverageWindowHours: input.coverage_window_hours,
    dailyBudget: input.daily_budget,
    digestConfig: input.digest_config,
    anchorDate: anchorDateFor(timezone, now),
    createdAt: now,
    updatedAt: now,
  };
  const [row] = await db
    .insert(schedules)
    .values({ ...values, nextTickAt: nextTickAfter(values, now) })
    .returning();
  return presentSchedule(row!, [], now);
}

export async function getSchedule(db: Executor, tenantId: string, id: string, now: Date) {
  const { schedule, items } = await findScheduleWithItems(db, tenantId, id);
  return presentSchedule(schedule, items, now);
}

export async function listSchedules(
  db: Executor,
  tenantId: string,
  q: ListQuery & { project_id?: string },
  now: Date,
) {
  const ks = keyset(schedules, q.cursor);
  const rows = await db
    .select()
    .from(schedules)
    .where(
      and(
        eq(schedules.tenantId, tenantId),
        isNull(schedules.deletedAt),
        q.project_id ? eq(schedules.projectId, q.project_id) : undefined,
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const items = await itemsOf(db, rows.slice(0, q.limit).map((r) => r.id));
  return page(rows, q.limit, (s) => presentSchedule(s, items.get(s.id) ?? [], now));
}

const TIMING_FIELDS = ["enabled", "timezone", "run_time", "run_days", "tick_interval_hours"] as const;

/**
 * Writes only the fields the request names, with the row locked: a cron tick that commits between
 * a read and a write of this schedule must not have its `next_tick_at` put back to the slot it
 * just ticked (the schedule would then be re-claimed for an already-ticked slot).
 */
export async function updateSchedule(db: Executor, tenantId: string, id: string, input: UpdateSchedule, now: Date) {
  const row = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(schedules)
      .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id), isNull(schedules.deletedAt)))
      .for("update");
    if (!current) throw notFound("Schedule");
    const changes: Partial<ScheduleRow> = { updatedAt: now };
    if (input.name !== undefined) changes.name = input.name;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (input.timezone !== undefined) changes.timezone = input.timezone;
    if (input.run_time !== undefined) changes.runTime = input.run_time;
    if (input.run_days !== undefined) changes.runDays = input.run_days;
    if (input.tick_interval_hours !== undefined) changes.tickIntervalHours = input.tick_interval_hours;
    if (input.coverage_window_hours !== undefined) changes.coverageWindowHours = input.coverage_window_hours;
    if (input.daily_budget !== undefined) changes.dailyBudget = input.daily_budget;
    if (input.digest_config !== undefined) changes.digestConfig = input.digest_config;
    // Slots count from the day the schedule was created as seen in its zone (docs/adr/0003): in a
    // new zone that day may be another date.
    if (input.timezone !== undefined) changes.anchorDate = anchorDateFor(input.timezone, current.createdAt);
    // A changed cadence starts from now: a slot it would have had in the past gives no catch-up
    // tick. An unchanged cadence keeps its pending slot, whatever a concurrent tick made of it.
    if (TIMING_FIELDS.some((f) => input[f] !== undefined)) {
      changes.nextTickAt = nextTickAfter({ ...current, ...changes }, now);
    }
    const [updated] = await tx.update(schedules).set(changes).where(eq(schedules.id, current.id)).returning();
    return updated!;
  });
  const items = (await itemsOf(db, [id])).get(id)!;
  return presentSchedule(row, items, now);
}

/** Soft delete: items and future ticks go; runs and agents stay as history. */
export async function deleteSchedule(db: Db, tenantId: string, id: string, now: Date) {
  await findSchedule(db, tenantId, id);
  const runIds = await db.transaction(async (tx) => {
    await tx
      .update(schedules)
      .set({ deletedAt: now, enabled: false, nextTickAt: null, updatedAt: now })
      .where(and(eq(schedules.id, id), eq(schedules.tenantId, tenantId)));
    await tx.delete(scheduleItems).where(eq(scheduleItems.scheduleId, id));
    // Agents not yet started would run for a schedule that no longer exists.
    const cancelled = await tx
      .update(agents)
      .set({ status: "cancelled", finishedAt: now })
      .where(and(eq(agents.scheduleId, id), inArray(agents.status, ["queued"])))
      .returning({ runId: agents.runId });
    return distinctRunIds(cancelled);
  });
  // After commit (a worker may be finishing the run's last running agent at the same moment): a run
  // whose remaining agents were all cancelled is complete now, not at the next cron pass.
  await completeRuns(db, now, runIds);
}
