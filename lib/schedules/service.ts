// Schedule verbs (SPEC §2). Each is scoped to the caller's tenant; anything not found is 404.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { agents, scheduleItems, schedules } from "@/lib/db/schema";
import type { Tenant } from "@/lib/auth/api-keys";
import { keyset, page, type ListQuery } from "@/lib/http/pagination";
import { findProject } from "@/lib/projects/service";
import { findSchedule, itemsOf, type CostedItem, type ScheduleRow } from "./repo";
import type { CreateSchedule, UpdateSchedule } from "./schemas";
import { effectiveBudget } from "@/lib/tick/plan";
import { anchorDateFor, nextTickAfter } from "./timing";
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
  const s = await findSchedule(db, tenantId, id);
  const items = (await itemsOf(db, [s.id])).get(s.id)!;
  return presentSchedule(s, items, now);
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

export async function updateSchedule(db: Executor, tenantId: string, id: string, input: UpdateSchedule, now: Date) {
  const current = await findSchedule(db, tenantId, id);
  const next = {
    ...current,
    name: input.name ?? current.name,
    enabled: input.enabled ?? current.enabled,
    timezone: input.timezone ?? current.timezone,
    runTime: input.run_time ?? current.runTime,
    runDays: input.run_days ?? current.runDays,
    tickIntervalHours: input.tick_interval_hours ?? current.tickIntervalHours,
    coverageWindowHours: input.coverage_window_hours ?? current.coverageWindowHours,
    dailyBudget: input.daily_budget === undefined ? current.dailyBudget : input.daily_budget,
    digestConfig: input.digest_config === undefined ? current.digestConfig : input.digest_config,
    updatedAt: now,
  };
  // A changed cadence starts from now: a slot it would have had in the past gives no catch-up tick.
  // An unchanged cadence keeps a pending (already due) slot for the cron pass.
  const timingChanged = TIMING_FIELDS.some((f) => input[f] !== undefined);
  if (timingChanged) next.nextTickAt = nextTickAfter(next, now);
  const [row] = await db
    .update(schedules)
    .set({
      name: next.name,
      enabled: next.enabled,
      timezone: next.timezone,
      runTime: next.runTime,
      runDays: next.runDays,
      tickIntervalHours: next.tickIntervalHours,
      coverageWindowHours: next.coverageWindowHours,
      dailyBudget: next.dailyBudget,
      digestConfig: next.digestConfig,
      nextTickAt: next.nextTickAt,
      updatedAt: now,
    })
    .where(and(eq(schedules.id, id), eq(schedules.tenantId, tenantId)))
    .returning();
  const items = (await itemsOf(db, [id])).get(id)!;
  return presentSchedule(row!, items, now);
}

/** Soft delete: items and future ticks go; runs and agents stay as history (SPEC §2). */
export async function deleteSchedule(db: Executor, tenantId: string, id: string, now: Date) {
  await findSchedule(db, tenantId, id);
  await db.transaction(async (tx) => {
    await tx
      .update(schedules)
      .set({ deletedAt: now, enabled: false, nextTickAt: null, updatedAt: now })
      .where(and(eq(schedules.id, id), eq(schedules.tenantId, tenantId)));
    await tx.delete(scheduleItems).where(eq(scheduleItems.scheduleId, id));
    // Agents not yet started would run for a schedule that no longer exists.
    await tx
      .update(agents)
      .set({ status: "cancelled", finishedAt: now })
      .where(and(eq(agents.scheduleId, id), inArray(agents.status, ["queued"])));
  });
}
