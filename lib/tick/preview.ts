// GET …/preview: what a tick now would select, with scores and the coverage forecast. Writes nothing.
import type { Executor } from "@/lib/db";
import type { Tenant } from "@/lib/auth/api-keys";
import { forecast } from "@/lib/engine/forecast";
import { findScheduleWithItems } from "@/lib/schedules/repo";
import { slotConfig, toPlanItem } from "@/lib/schedules/timing";
import { tenantBudget } from "@/lib/tenants/service";
import { planRun, planSelection } from "./plan";

export async function previewTick(db: Executor, tenant: Tenant, scheduleId: string, now: Date) {
  const found = await findScheduleWithItems(db, tenant.id, scheduleId);
  const schedule = found.schedule;
  const items = found.items.map(toPlanItem);
  const { remaining: tenantRemaining } = await tenantBudget(db, tenant, now);
  const plan = planSelection(schedule, items, now.getTime(), tenantRemaining);
  // A preview creates no agents, so its selected entries carry empty agent_ids.
  const run = planRun(plan, items.map((i) => ({ ...i, journeyIds: [] })));
  const outlook = forecast({
    items,
    slotConfig: slotConfig(schedule),
    start: (schedule.nextTickAt ?? now).getTime(),
    tickBudget: schedule.dailyBudget ?? "auto",
    coverageWindowHours: schedule.coverageWindowHours,
  });
  return {
    now: now.toISOString(),
    slot_at: now.toISOString(),
    next_tick_at: schedule.nextTickAt?.toISOString() ?? null,
    budget: { tick: plan.tickBudget, tenant_remaining: tenantRemaining },
    selected: run.selected,
    skipped: run.skipped,
    forecast: outlook,
  };
}
