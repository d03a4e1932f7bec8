// The wire shapes of the Schedules API (README "The API"): snake_case, ISO timestamps, the item's kind deciding its id field.
import { iso } from "@/lib/validation";
import type { ItemRow, ScheduleRow } from "./repo";

export function itemView(i: ItemRow) {
  const kind = i.journeyId ? { journey_id: i.journeyId } : { test_plan_id: i.testPlanId! };
  return {
    id: i.id,
    ...kind,
    priority: i.priority,
    last_run_at: iso(i.lastRunAt),
    created_at: i.createdAt.toISOString(),
  };
}

export function scheduleView(s: ScheduleRow, items: ItemRow[], effectiveBudget: number) {
  return {
    id: s.id,
    project_id: s.projectId,
    name: s.name,
    enabled: s.enabled,
    timezone: s.timezone,
    run_time: s.runTime,
    run_days: s.runDays,
    tick_interval_hours: s.tickIntervalHours,
    coverage_window_hours: s.coverageWindowHours,
    daily_budget: s.dailyBudget,
    effective_budget: effectiveBudget,
    digest_config: s.digestConfig ?? null,
    last_tick_at: iso(s.lastTickAt),
    next_tick_at: iso(s.nextTickAt),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
    items: items.map(itemView),
  };
}
export type ScheduleView = ReturnType<typeof scheduleView>;
