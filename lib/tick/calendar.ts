// GET …/calendar: the coming ticks of a schedule over the next days, from the forecast's simulation
// (docs/engine.md "Calendar"), with the forecast's gaps and, when coverage is not met, the budget that
// would meet it. Writes nothing.
import type { Executor } from "@/lib/db";
import type { Tenant } from "@/lib/auth/api-keys";
import { budgetNeeded, calendar } from "@/lib/engine/calendar";
import { forecast } from "@/lib/engine/forecast";
import { DAY_MS } from "@/lib/engine/tz";
import { findScheduleWithItems } from "@/lib/schedules/repo";
import { slotConfig, toPlanItem, type PlanItem } from "@/lib/schedules/timing";
import { tenantBudget } from "@/lib/tenants/service";

const ref = (i: PlanItem) => ({
  item_id: i.id,
  ...(i.journeyId ? { journey_id: i.journeyId } : {}),
  ...(i.testPlanId ? { test_plan_id: i.testPlanId } : {}),
});

export async function scheduleCalendar(db: Executor, tenant: Tenant, scheduleId: string, now: Date, days: number) {
  const found = await findScheduleWithItems(db, tenant.id, scheduleId);
  const schedule = found.schedule;
  const items = found.items.map(toPlanItem);
  const { daily_agent_budget, remaining } = await tenantBudget(db, tenant, now);
  // A paused schedule has no next_tick_at: it is forecast from now, as if enabled (as the preview does).
  // An overdue next_tick_at (the scheduler was off) would list past slots as coming ticks.
  const start = schedule.nextTickAt && schedule.nextTickAt > now ? schedule.nextTickAt : now;
  const input = {
    items,
    slotConfig: slotConfig(schedule),
    start: start.getTime(),
    tickBudget: schedule.dailyBudget ?? ("auto" as const),
    coverageWindowHours: schedule.coverageWindowHours,
  };
  const cal = calendar({ ...input, now: now.getTime(), days });
  const outlook = forecast(input);
  const needed = outlook.coverage_met
    ? null
    : budgetNeeded(input, { atLeast: schedule.dailyBudget ?? 0 }).budget;

  const byId = new Map(items.map((i) => [i.id, i]));
  const runs = new Map<string, number>();
  const ticks = cal.ticks.map((t) => ({
    slot_at: new Date(t.slotAt).toISOString(),
    budget: t.budget,
    items: t.items.map((s) => {
      runs.set(s.itemId, (runs.get(s.itemId) ?? 0) + 1);
      return { ...ref(byId.get(s.itemId)!), cost: s.cost, due: s.due };
    }),
  }));
  const gaps = new Map(outlook.items.map((i) => [i.item_id, i.expected_gap_hours]));
  return {
    schedule_id: schedule.id,
    now: now.toISOString(),
    start: start.toISOString(),
    until: new Date(now.getTime() + days * DAY_MS).toISOString(),
    days,
    paused: !schedule.enabled,
    daily_budget: schedule.dailyBudget,
    tenant: { daily_agent_budget, remaining },
    ticks,
    items: items.map((i) => ({
      ...ref(i),
      cost: i.cost,
      priority: i.priority,
      runs: runs.get(i.id) ?? 0,
      expected_gap_hours: gaps.get(i.id) ?? null,
    })),
    coverage_met: outlook.coverage_met,
    max_gap_hours: outlook.max_gap_hours,
    approximate: outlook.approximate,
    truncated: cal.truncated,
    budget_needed: needed,
  };
}
