// GET /api/v1/budget: the tenant's daily agent budget, today's use, and the plan for the rest of the
// tenant's day (what each schedule's ticks left today are reserved: docs/adr/0008-tenant-day-reservations.md).
import type { Executor } from "@/lib/db";
import type { Tenant } from "@/lib/auth/api-keys";
import { tenantBudget } from "@/lib/tenants/service";
import { planTenantDays } from "./reservations";

export async function budgetToday(db: Executor, tenant: Tenant, now: Date) {
  const budget = await tenantBudget(db, tenant, now);
  const ledgers = await planTenantDays(db, [{ id: tenant.id, timezone: tenant.timezone, remaining: budget.remaining }], [], now.getTime());
  const ledger = ledgers.get(tenant.id)!;
  const entries = [...ledger.entries.values()].sort((a, b) => a.ticks[0]! - b.ticks[0]! || (a.schedule.id < b.schedule.id ? -1 : 1));
  return {
    ...budget,
    plan: {
      covered: ledger.covered,
      reserved: entries.reduce((sum, e) => sum + e.total, 0),
      schedules: entries.map((e) => ({
        schedule_id: e.schedule.id,
        name: e.schedule.name,
        next_slot_at: new Date(e.ticks[0]!).toISOString(),
        ticks_left_today: e.ticks.length,
        tick_budget: e.tickBudget,
        reserved: e.total,
        due: ledger.covered ? null : e.dueFirst + e.dueLater,
        due_uncovered: ledger.covered ? null : e.dueLost,
      })),
    },
  };
}
