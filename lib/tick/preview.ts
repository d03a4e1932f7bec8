// GET …/preview: what a tick now would select, with scores and the coverage forecast. Writes nothing.
import type { Executor } from "@/lib/db";
import type { Tenant } from "@/lib/auth/api-keys";
import { forecast } from "@/lib/engine/forecast";
import { findScheduleWithItems } from "@/lib/schedules/repo";
import { slotConfig, toPlanItem } from "@/lib/schedules/timing";
import { tenantBudget } from "@/lib/tenants/service";
import { planRun, planSelection, prepareTick } from "./plan";
import { planTenantDays } from "./reservations";
import { tenantNeedPerDay } from "./tenant-need";

export async function previewTick(db: Executor, tenant: Tenant, scheduleId: string, now: Date) {
  const found = await findScheduleWithItems(db, tenant.id, scheduleId);
  const schedule = found.schedule;
  const items = found.items.map(toPlanItem);
  const at = now.getTime();
  const { remaining: tenantRemaining } = await tenantBudget(db, tenant, now);
  // As a manual trigger now would: what the tenant's other schedules keep for later today is not its.
  const tick = prepareTick(schedule, items, at);
  const ledgers = await planTenantDays(
    db,
    [{ id: tenant.id, timezone: tenant.timezone, remaining: tenantRemaining }],
    [{ schedule, items, at, tickBudget: tick.tickBudget }],
    at,
  );
  const reserved = Math.min(tenantRemaining, ledgers.get(tenant.id)!.reservedForOthers(schedule.id));
  const plan = planSelection(tick, tenantRemaining - reserved);
  // A preview creates no agents, so its selected entries carry empty agent_ids.
  const run = planRun(plan, items.map((i) => ({ ...i, journeyIds: [] })));
  const outlook = forecast({
    items,
    slotConfig: slotConfig(schedule),
    start: (schedule.nextTickAt ?? now).getTime(),
    tickBudget: schedule.dailyBudget ?? "auto",
    coverageWindowHours: schedule.coverageWindowHours,
  });
  const neededPerDay = await tenantNeedPerDay(db, tenant, { schedule, items }, at);
  const tenantShort = neededPerDay > tenant.dailyAgentBudget;
  return {
    now: now.toISOString(),
    slot_at: now.toISOString(),
    next_tick_at: schedule.nextTickAt?.toISOString() ?? null,
    budget: { tick: plan.tickBudget, tenant_remaining: tenantRemaining, reserved_for_others: reserved },
    selected: run.selected,
    skipped: run.skipped,
    forecast: {
      ...outlook,
      coverage_met: outlook.coverage_met && !tenantShort,
      reason: !outlook.coverage_met ? ("tick_budget" as const) : tenantShort ? ("tenant_budget" as const) : null,
      tenant: { daily_agent_budget: tenant.dailyAgentBudget, needed_per_day: neededPerDay },
    },
  };
}
