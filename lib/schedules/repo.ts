// Reads shared by the schedule verbs: the schedule row (tenant-scoped, not deleted), its items in
// board order, and each item's cost, in a constant number of queries.
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { scheduleItems, schedules, testPlanJourneys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export type ScheduleRow = typeof schedules.$inferSelect;
export type ItemRow = typeof scheduleItems.$inferSelect;
export type CostedItem = ItemRow & { cost: number };

export async function findSchedule(db: Executor, tenantId: string, id: string): Promise<ScheduleRow> {
  const [row] = await db
    .select()
    .from(schedules)
    .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id), isNull(schedules.deletedAt)));
  if (!row) throw notFound("Schedule");
  return row;
}

/** Items of many schedules, each list ordered by priority (highest first), then insertion. */
export async function itemsOf(db: Executor, scheduleIds: string[]): Promise<Map<string, CostedItem[]>> {
  const bySchedule = new Map<string, CostedItem[]>(scheduleIds.map((id) => [id, []]));
  if (scheduleIds.length === 0) return bySchedule;
  const rows = await db
    .select()
    .from(scheduleItems)
    .where(inArray(scheduleItems.scheduleId, scheduleIds))
    .orderBy(asc(scheduleItems.scheduleId), desc(scheduleItems.priority), asc(scheduleItems.seq));
  const planIds = [...new Set(rows.flatMap((r) => (r.testPlanId ? [r.testPlanId] : [])))];
  const planSizes = await planCosts(db, planIds);
  for (const r of rows) {
    bySchedule.get(r.scheduleId)!.push({ ...r, cost: r.testPlanId ? (planSizes.get(r.testPlanId) ?? 0) : 1 });
  }
  return bySchedule;
}

/** A test plan costs one agent per journey in it (docs/engine.md "Cost and budgets"). */
async function planCosts(db: Executor, planIds: string[]): Promise<Map<string, number>> {
  if (planIds.length === 0) return new Map();
  const rows = await db
    .select({ planId: testPlanJourneys.testPlanId, n: count() })
    .from(testPlanJourneys)
    .where(inArray(testPlanJourneys.testPlanId, planIds))
    .groupBy(testPlanJourneys.testPlanId);
  return new Map(rows.map((r) => [r.planId, Number(r.n)]));
}
