// The pure half of a tick: from a schedule's loaded state, the clock and the tenant's allowance,
// decide the run to write. No I/O, so preview, tick and tests share exactly this code.
import { randomUUID } from "node:crypto";
import { selectForTick, type Selection } from "@/lib/engine/selection";
import type { EngineItem } from "@/lib/engine/lookahead";
import { slotSource, type SlotSource } from "@/lib/engine/slots";
import type { RunSelected, RunSkipped } from "@/lib/db/schema";
import type { ScheduleRow } from "@/lib/schedules/repo";
import { engineItems, slotConfig, tickBudgetAt, type PlanItem } from "@/lib/schedules/timing";

/** A plan item with the journeys its agents run (one for a journey item, the plan's for a plan). */
export type TickItem = PlanItem & { journeyIds: string[] };

export type SelectionPlan = { tickBudget: number; selection: Selection };

/**
 * A tick at `slotAt` as the engine sees it: the schedule's slots, its items with their deadlines
 * and its tick budget (daily_budget, or the auto budget there). Worked out once per tick: the
 * tenant-day plan needs the budget before the selection runs.
 */
export type PreparedTick = { s: ScheduleRow; slotAt: number; slots: SlotSource; engine: EngineItem[]; tickBudget: number };

export function prepareTick(s: ScheduleRow, items: readonly PlanItem[], slotAt: number): PreparedTick {
  const slots = slotSource(slotConfig(s));
  const engine = engineItems(s, items, slots);
  return { s, slotAt, slots, engine, tickBudget: tickBudgetAt(s, engine, slots, slotAt) };
}

/** The tick budget of a tick at `slotAt`: the schedule's daily_budget, or the auto budget there. */
export function tickBudgetFor(s: ScheduleRow, items: readonly PlanItem[], slotAt: number): number {
  return s.dailyBudget ?? prepareTick(s, items, slotAt).tickBudget;
}

/**
 * What the tick selects, given what the tenant's day allows it (what is left after the
 * reservations for the tenant's other schedules and its own later ticks' due items).
 */
export function planSelection(tick: PreparedTick, tenantRemaining: number): SelectionPlan {
  const { s, slotAt, slots, engine, tickBudget } = tick;
  const selection = selectForTick({
    items: engine,
    slotAt,
    slots,
    tickBudget,
    tenantRemaining,
    coverageWindowHours: s.coverageWindowHours,
  });
  return { tickBudget, selection };
}

export type RunStatus = "dispatched" | "skipped";
export type RunReason = null | "no_items" | "budget_exhausted";
export type PlannedAgent = { id: string; itemId: string; journeyId: string; testPlanId: string | null };

export type TickPlan = {
  runId: string;
  status: RunStatus;
  reason: RunReason;
  tickBudget: number;
  spent: number;
  selected: RunSelected[];
  skipped: RunSkipped[];
  agents: PlannedAgent[];
  ranItemIds: string[];
};

/** Turns a selection into the run's audit record and the agents to queue (one per journey). */
export function planRun(plan: SelectionPlan, items: readonly TickItem[]): TickPlan {
  const byId = new Map(items.map((i) => [i.id, i]));
  const agents: PlannedAgent[] = [];
  const selected: RunSelected[] = plan.selection.selected.map((e) => {
    const item = byId.get(e.itemId)!;
    const agentIds = item.journeyIds.map((journeyId) => {
      const id = randomUUID();
      agents.push({ id, itemId: item.id, journeyId, testPlanId: item.testPlanId });
      return id;
    });
    return {
      item_id: item.id,
      ...(item.journeyId ? { journey_id: item.journeyId } : { test_plan_id: item.testPlanId! }),
      priority: e.priority,
      staleness_hours: e.stalenessHours,
      score: e.score,
      due: e.due,
      never_run: e.neverRun,
      cost: e.cost,
      deadline_at: e.deadline === null ? null : new Date(e.deadline).toISOString(),
      agent_ids: agentIds,
    };
  });
  const skipped: RunSkipped[] = plan.selection.skipped.map((s) => ({ item_id: s.itemId, reason: s.reason }));
  const status: RunStatus = selected.length > 0 ? "dispatched" : "skipped";
  const runnable = items.some((i) => i.cost > 0);
  const reason: RunReason = selected.length > 0 ? null : runnable ? "budget_exhausted" : "no_items";
  return {
    runId: randomUUID(),
    status,
    reason,
    tickBudget: plan.tickBudget,
    spent: agents.length,
    selected,
    skipped,
    agents,
    ranItemIds: selected.map((e) => e.item_id),
  };
}
