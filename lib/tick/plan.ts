// The pure half of a tick: from a schedule's loaded state, the clock and the tenant's allowance,
// decide the run to write. No I/O, so preview, tick and tests share exactly this code.
import { randomUUID } from "node:crypto";
import { autoBudget } from "@/lib/engine/budget";
import { deadlineCalculator } from "@/lib/engine/deadline";
import type { EngineItem } from "@/lib/engine/lookahead";
import { selectForTick, type Selection } from "@/lib/engine/selection";
import { slotSource, type SlotSource } from "@/lib/engine/slots";
import type { RunSelected, RunSkipped } from "@/lib/db/schema";
import type { CostedItem, ScheduleRow } from "@/lib/schedules/repo";
import { slotConfig } from "@/lib/schedules/timing";

/** An item as planning needs it: instants as epoch ms, its cost in agents. */
export type PlanItem = {
  id: string;
  journeyId: string | null;
  testPlanId: string | null;
  priority: number;
  lastRunAt: number | null;
  addedAt: number;
  cost: number;
};
/** A plan item with the journeys its agents run (one for a journey item, the plan's for a plan). */
export type TickItem = PlanItem & { journeyIds: string[] };

export function toPlanItem(i: CostedItem): PlanItem {
  return {
    id: i.id,
    journeyId: i.journeyId,
    testPlanId: i.testPlanId,
    priority: i.priority,
    lastRunAt: i.lastRunAt?.getTime() ?? null,
    addedAt: i.createdAt.getTime(),
    cost: i.cost,
  };
}

/** Engine view of a schedule's items: deadlines from its slots. */
export function engineItems(s: ScheduleRow, items: readonly PlanItem[], slots: SlotSource): EngineItem[] {
  const deadlineOf = deadlineCalculator(slots, s.coverageWindowHours);
  return items.map((i) => ({
    id: i.id,
    priority: i.priority,
    cost: i.cost,
    lastRunAt: i.lastRunAt,
    addedAt: i.addedAt,
    deadline: deadlineOf(i),
  }));
}

/** The per-tick budget at `at`: explicit, or the auto budget (SPEC §4). */
export function tickBudgetAt(s: ScheduleRow, items: EngineItem[], slots: SlotSource, at: number): number {
  if (s.dailyBudget !== null) return s.dailyBudget;
  return autoBudget({ items, slotAt: at, slots, coverageWindowHours: s.coverageWindowHours });
}

/**
 * `effective_budget` of the API: what the next tick may spend before the tenant cap, i.e. the
 * explicit budget or the auto budget resolved at the next slot (now, when there is none).
 */
export function effectiveBudget(s: ScheduleRow, items: readonly CostedItem[], now: Date): number {
  if (s.dailyBudget !== null) return s.dailyBudget;
  const slots = slotSource(slotConfig(s));
  const at = (s.nextTickAt ?? now).getTime();
  return tickBudgetAt(s, engineItems(s, items.map(toPlanItem), slots), slots, at);
}

export type SelectionPlan = { tickBudget: number; selection: Selection };

/** What a tick at `slotAt` selects, given what is left of the tenant's day. */
export function planSelection(
  s: ScheduleRow,
  items: readonly PlanItem[],
  slotAt: number,
  tenantRemaining: number,
): SelectionPlan {
  const slots = slotSource(slotConfig(s));
  const engine = engineItems(s, items, slots);
  const tickBudget = tickBudgetAt(s, engine, slots, slotAt);
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
