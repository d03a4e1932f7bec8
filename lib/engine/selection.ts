// The pure selection of one tick (SPEC §4 "Selection"; the reasoning is in ADR 0001).
//
// Order of consideration:
//   1. due items — those the deadline look-ahead (lookahead.ts) cannot postpone to a later slot at
//      this tick budget — earliest deadline first (ties: priority, never-run, staleness);
//   2. then the others ("spare" capacity): never-run items first (higher priority first, then
//      earliest deadline), then the ever-run by score, highest first (ties: the earliest-deadline
//      order, i.e. staleness, then a rotating tie hash, then id).
// score = staleness_hours × weight(priority), weight(p) = 1 + p for p ≥ 0 and 1 / (1 − p) below:
// stalest first, a priority-2 item counting three times as stale as a priority-0 one. So spare
// capacity keeps rotating through everything (a just-run item has score 0) while preferring higher
// priorities; coverage never depends on it, because whatever must run is already in step 1.
// The tick walks that order once, taking each item whose cost fits what is left of the budget;
// the walk never stops early, so a test plan that does not fit leaves room for cheaper items.
import { deadlineCalculator, withDeadline } from "./deadline";
import { type EngineItem, type Ranked, dueMask, horizon, rankForTick } from "./lookahead";
import type { SlotSource } from "./slots";
import { HOUR_MS } from "./tz";

export { deadlineCalculator, deadlineFromAnchor, itemDeadline, withDeadline } from "./deadline";
export type { EngineItem as SelectionItem } from "./lookahead";

export type SelectionInput = {
  /** Build them as object literals (see withDeadline) for speed with many items. */
  items: readonly EngineItem[];
  /** The instant of this tick: its slot, or `now` for a manual trigger. */
  slotAt: number;
  /** The schedule's slots; the look-ahead reads those in (slotAt, latest deadline]. */
  slots: SlotSource;
  /** Per-tick budget (explicit or auto), integer ≥ 0. Also the capacity assumed for future slots. */
  tickBudget: number;
  /** What is left of the tenant's daily budget, integer ≥ 0 (Infinity: no cap). */
  tenantRemaining: number;
  coverageWindowHours: number;
};

export type SelectedEntry = {
  itemId: string;
  priority: number;
  /** Hours since the last run (since added, if never run). */
  stalenessHours: number;
  score: number;
  /** The look-ahead says it must run now to meet its deadline. */
  due: boolean;
  neverRun: boolean;
  cost: number;
  /** Epoch ms; null when the schedule has no slots. */
  deadline: number | null;
  hoursToDeadline: number | null;
};

/**
 * Why an item did not run:
 * - "budget": its cost exceeded what was left of the budget when its turn came, while something
 *   was still left (cheaper items after it may run), or it exceeds the whole effective budget
 *   (including an effective budget of 0: tenant cap reached or tick budget 0);
 * - "not_selected": the budget was fully spent before its turn, or it costs 0 (an empty test plan
 *   has nothing to run).
 */
export type SkipReason = "budget" | "not_selected";
export type SkippedEntry = { itemId: string; reason: SkipReason };

export type Selection = {
  /** In selection order. */
  selected: SelectedEntry[];
  /** In the order the walk met them (zero-cost items last). */
  skipped: SkippedEntry[];
  spent: number;
  /** min(tickBudget, tenantRemaining): what this tick could spend. */
  budget: number;
};

/** How much more an item's staleness counts for each step of priority (see the header). */
export function priorityWeight(priority: number): number {
  return priority >= 0 ? 1 + priority : 1 / (1 - priority);
}

/** score = staleness in hours × priority weight; the key of the spare order. */
export function spareScore(r: Ranked, slotAt: number): number {
  return (Math.max(0, slotAt - r.anchor) / HOUR_MS) * priorityWeight(r.priority);
}

// The spare order: never-run first (priority, then the earliest-deadline order they come in),
// then the ever-run by score, highest first; equal scores keep the earliest-deadline order
// (a stable sort), which breaks ties by staleness and the rotating hash.
function spareOrder(rest: readonly Ranked[], slotAt: number): Ranked[] {
  const never = rest.filter((r) => r.neverRun).sort((a, b) => b.priority - a.priority);
  const ever = rest
    .filter((r) => !r.neverRun)
    .map((r, k) => ({ r, k, score: spareScore(r, slotAt) }))
    .sort((a, b) => b.score - a.score || a.k - b.k)
    .map((x) => x.r);
  return [...never, ...ever];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function checkBudget(name: string, v: number): void {
  if (!(v >= 0) || (Number.isFinite(v) && !Number.isInteger(v))) throw new RangeError(`${name} must be an integer ≥ 0`);
}

/** Selects the items of one tick. Pure: same input, same output. */
export function selectForTick(input: SelectionInput): Selection {
  const { runnable, empty } = rankForTick(input.items);
  return selectRanked(runnable, empty, input);
}

/**
 * The selection on items already ranked and sorted by rankForTick (runnable: cost > 0, in
 * earliest-deadline-first order; empty: cost 0). The forecast keeps that order between simulated
 * ticks instead of sorting every tick.
 */
export function selectRanked(
  runnable: readonly Ranked[],
  empty: readonly Ranked[],
  params: Omit<SelectionInput, "items">,
): Selection {
  const { slotAt, tickBudget, tenantRemaining } = params;
  checkBudget("tickBudget", tickBudget);
  checkBudget("tenantRemaining", tenantRemaining);
  if (!Number.isFinite(tickBudget)) throw new RangeError("tickBudget must be finite");
  const budget = Math.min(tickBudget, tenantRemaining);

  const last = horizon(runnable);
  const future = last > slotAt ? params.slots.between(slotAt, last) : [];
  const due = dueMask(runnable, future, tickBudget);

  const dueFirst: Ranked[] = [];
  const rest: Ranked[] = [];
  runnable.forEach((r, k) => (due[k] ? dueFirst : rest).push(r));

  const selected: SelectedEntry[] = [];
  const skipped: SkippedEntry[] = [];
  let left = budget;
  for (const [list, isDue] of [[dueFirst, true], [spareOrder(rest, slotAt), false]] as const) {
    for (const r of list) {
      if (r.cost <= left) {
        left -= r.cost;
        const finite = Number.isFinite(r.deadline);
        selected.push({
          itemId: r.id,
          priority: r.priority,
          stalenessHours: round3(Math.max(0, slotAt - r.anchor) / HOUR_MS),
          score: round3(spareScore(r, slotAt)),
          due: isDue,
          neverRun: r.neverRun,
          cost: r.cost,
          deadline: finite ? r.deadline : null,
          hoursToDeadline: finite ? round3((r.deadline - slotAt) / HOUR_MS) : null,
        });
      } else {
        skipped.push({ itemId: r.id, reason: left > 0 || r.cost > budget ? "budget" : "not_selected" });
      }
    }
  }
  for (const r of empty) skipped.push({ itemId: r.id, reason: "not_selected" });
  return { selected, skipped, spent: budget - left, budget };
}

/**
 * Convenience for callers holding raw item state: computes deadlines from the slots, then selects.
 */
export function selectWithDeadlines(
  input: Omit<SelectionInput, "items"> & { items: readonly Omit<EngineItem, "deadline">[] },
): Selection {
  const deadlineOf = deadlineCalculator(input.slots, input.coverageWindowHours);
  return selectForTick({ ...input, items: input.items.map((it) => withDeadline(it, deadlineOf(it))) });
}
