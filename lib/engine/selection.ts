// The pure selection of one tick (the reasoning is in docs/adr/0001-selection-scoring.md).
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
//
// Priority at equal staleness. The look-ahead packs each coming slot latest deadline first, so at
// equal deadline it postpones the lower priority first — unless that one is a test plan that no
// longer fits what is left of the slot: then the plan stays due and a cheaper item of higher
// priority, as stale as it, is postponed instead, and may find no room once the plan has run. So
// after the walk, an item x that was skipped while equally stale items of lower priority ran, and
// that fits in their place, is promoted when the look-ahead finds a plan running x now with
// everything else that ran but those: x joins the items run first (reported as due), the look-ahead
// re-plans the rest around it, and the walk is redone. Repeated until no such item is left, so an
// item is skipped for a lower-priority equally stale one only when the look-ahead finds no plan
// that runs it in its place and still meets every deadline (promoteOnce).
import { deadlineCalculator, withDeadline } from "./deadline";
import { type EngineItem, type Ranked, type Work, dueMask, horizon, planWithNow, rankForTick } from "./lookahead";
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
 * - "budget": its cost exceeded what was left of the tick budget when its turn came, while
 *   something was still left (cheaper items after it may run), or it exceeds the whole tick budget
 *   (including a tick budget of 0);
 * - "not_selected": the budget was fully spent before its turn, or it costs 0 (an empty test plan
 *   has nothing to run);
 * - "tenant_budget": what was left of the tick budget when its turn came would have run it, but the
 *   tenant's day could not (its daily budget is used up, or the rest is reserved for the tenant's
 *   other schedules: tenant-day.ts).
 */
export type SkipReason = "budget" | "not_selected" | "tenant_budget";
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

// The spare order, as indices into the earliest-deadline order: never-run first (higher priority
// first, then that order), then the ever-run by score, highest first; equal scores keep the
// earliest-deadline order, which breaks ties by staleness and the rotating hash. Sorted once over
// every item: a walk skips the items it takes first, the same order as sorting the others.
function spareOrder(sorted: readonly Ranked[], scores: Float64Array): number[] {
  const never: number[] = [];
  const ever: number[] = [];
  for (let k = 0; k < sorted.length; k++) (sorted[k].neverRun ? never : ever).push(k);
  never.sort((a, b) => sorted[b].priority - sorted[a].priority || a - b);
  ever.sort((a, b) => scores[b] - scores[a] || a - b);
  return never.concat(ever);
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

  const n = runnable.length;
  const last = horizon(runnable);
  const future = last > slotAt ? params.slots.between(slotAt, last) : [];
  const scores = new Float64Array(n);
  for (let k = 0; k < n; k++) scores[k] = spareScore(runnable[k], slotAt);

  // `first`: what the walk takes before the spare order — the due items, then also the items
  // promoted over equally stale ones of lower priority (see promoteOnce), each promotion re-planning
  // the due items. The re-runs of the look-ahead this takes are bounded (REPAIR_WORK).
  const spare = spareOrder(runnable, scores);
  let first = dueMask(runnable, future, tickBudget);
  let walk = walkOrder(runnable, first, spare, budget);
  const work: Work = { left: REPAIR_WORK };
  for (;;) {
    const next = promoteOnce(runnable, future, tickBudget, budget, first, walk, work);
    if (next === null) break;
    work.left -= n; // the walk again
    first = next;
    walk = walkOrder(runnable, first, spare, budget);
  }

  const selected: SelectedEntry[] = walk.order.map((k) => {
    const r = runnable[k];
    const finite = Number.isFinite(r.deadline);
    return {
      itemId: r.id,
      priority: r.priority,
      stalenessHours: round3(Math.max(0, slotAt - r.anchor) / HOUR_MS),
      score: round3(scores[k]),
      due: first[k] === 1,
      neverRun: r.neverRun,
      cost: r.cost,
      deadline: finite ? r.deadline : null,
      hoursToDeadline: finite ? round3((r.deadline - slotAt) / HOUR_MS) : null,
    };
  });
  // Reasons are judged at the tick budget alone: when the tenant's day allowed less, the same walk
  // at the tick budget tells an item the day kept from running ("tenant_budget") from one the tick
  // budget would not have run either (its reason there).
  const alone = budget < tickBudget ? walkOrder(runnable, first, spare, tickBudget) : null;
  const aloneReason = new Map(alone?.skipped.map(({ k, reason }) => [k, reason]));
  const skipped: SkippedEntry[] = walk.skipped.map(({ k, reason }) => ({
    itemId: runnable[k].id,
    reason: alone === null ? reason : alone.chosen[k] ? "tenant_budget" : aloneReason.get(k)!,
  }));
  for (const r of empty) skipped.push({ itemId: r.id, reason: "not_selected" });
  return { selected, skipped, spent: budget - walk.left, budget };
}

type Walk = {
  /** 1 for each item taken. */
  chosen: Uint8Array;
  /** Items taken, in selection order. */
  order: number[];
  skipped: { k: number; reason: SkipReason }[];
  left: number;
};

/** The walk: the `first` items in earliest-deadline order, then the spare order, taking what fits. */
function walkOrder(sorted: readonly Ranked[], first: Uint8Array, spare: readonly number[], budget: number): Walk {
  const chosen = new Uint8Array(sorted.length);
  const order: number[] = [];
  const skipped: { k: number; reason: SkipReason }[] = [];
  let left = budget;
  const visit = (k: number) => {
    const cost = sorted[k].cost;
    if (cost <= left) {
      left -= cost;
      chosen[k] = 1;
      order.push(k);
    } else skipped.push({ k, reason: left > 0 || cost > budget ? "budget" : "not_selected" });
  };
  for (let k = 0; k < sorted.length; k++) if (first[k]) visit(k);
  for (const k of spare) if (!first[k]) visit(k);
  return { chosen, order, skipped, left };
}

// Bound on the extra work of promotions, in steps: a re-run of the look-ahead or of the walk visits
// every item once (~1 ms at 10,000 items), plus the nodes of an exact search (lookahead.ts). About
// 30 re-runs at 10,000 items; for small schedules far more than they ever need.
const REPAIR_WORK = 300_000;

/** Same staleness: same coverage anchor, and both never run or both run before. */
const sameStaleness = (a: Ranked, b: Ranked) => a.anchor === b.anchor && a.neverRun === b.neverRun;

/**
 * One promotion: the first item x, in earliest-deadline order, that the walk skipped while items
 * as stale as it but of lower priority (L) ran, that fits in their place (its cost ≤ what is left
 * plus theirs, and, for a never-run x, plus that of the ever-run spare items of its priority that
 * ran: those go after it anyway), and for which the look-ahead finds a plan running now x and
 * everything else that ran. Returns the new `first` — x, the `first` items but L, and what the
 * look-ahead then leaves due — or null when there is no such item, or when the bound on the work
 * is reached (the look-ahead re-runs charge `work`).
 */
function promoteOnce(
  sorted: readonly Ranked[],
  future: readonly number[],
  capacity: number,
  budget: number,
  first: Uint8Array,
  walk: Walk,
  work: Work,
): Uint8Array | null {
  const n = sorted.length;
  const { chosen } = walk;
  const spent = budget - walk.left;
  let spareRan: Map<number, number> | null = null; // cost of the ever-run spare items that ran, per priority
  // Equally stale items have the same deadline, and items of one deadline are contiguous in the
  // order: a deadline where no skipped item has a higher priority than one that ran has nothing
  // to promote. That is one pass over the items, and in most ticks the only one.
  for (let a = 0, b = 0; a < n; a = b) {
    let lowestRan = Infinity;
    let highestSkipped = -Infinity;
    for (b = a; b < n && sorted[b].deadline === sorted[a].deadline; b++) {
      const p = sorted[b].priority;
      if (chosen[b]) lowestRan = Math.min(lowestRan, p);
      else highestSkipped = Math.max(highestSkipped, p);
    }
    if (highestSkipped <= lowestRan) continue;
    // Per staleness, the items that ran, by priority, with the cost of those below each.
    const keyOf = (r: Ranked) => `${r.anchor}/${r.neverRun}`;
    const lists = new Map<string, number[]>();
    for (let k = a; k < b; k++) {
      if (!chosen[k]) continue;
      const key = keyOf(sorted[k]);
      const list = lists.get(key);
      if (list) list.push(k);
      else lists.set(key, [k]);
    }
    const ran = new Map<string, { priority: number[]; costBelow: number[] }>();
    for (const [key, list] of lists) {
      list.sort((x, y) => sorted[x].priority - sorted[y].priority);
      const costBelow = [0];
      for (const k of list) costBelow.push(costBelow[costBelow.length - 1] + sorted[k].cost);
      ran.set(key, { priority: list.map((k) => sorted[k].priority), costBelow });
    }
    // A candidate that fails makes every later one as stale and of the same cost (so of no higher
    // priority) fail too: it may put off fewer items, and two items of the same cost and deadline
    // are interchangeable in any plan. So each is tried once (a never-run one once per priority,
    // as what yields to it depends on its priority).
    const failed = new Set<string>();
    for (let x = a; x < b; x++) {
      if (chosen[x]) continue;
      const r = sorted[x];
      const g = ran.get(keyOf(r));
      if (!g) continue;
      let below = 0; // how many of them ran with a lower priority (binary search)
      for (let hi = g.priority.length; below < hi; ) {
        const mid = (below + hi) >> 1;
        if (g.priority[mid] < r.priority) below = mid + 1;
        else hi = mid;
      }
      const lowerCost = g.costBelow[below];
      if (lowerCost === 0) continue;
      const key = `${keyOf(r)}/${r.cost}${r.neverRun ? `/${r.priority}` : ""}`;
      if (failed.has(key)) continue;
      const lower = (k: number) => sameStaleness(sorted[k], r) && sorted[k].priority < r.priority;
      // A never-run x also goes before the ever-run items of its priority that ran as spare.
      const yields = (k: number) => r.neverRun && !sorted[k].neverRun && !first[k] && sorted[k].priority === r.priority;
      if (r.neverRun && spareRan === null) {
        spareRan = new Map();
        for (let k = 0; k < n; k++) {
          if (chosen[k] && !first[k] && !sorted[k].neverRun) spareRan.set(sorted[k].priority, (spareRan.get(sorted[k].priority) ?? 0) + sorted[k].cost);
        }
      }
      const yieldCost = r.neverRun ? (spareRan!.get(r.priority) ?? 0) : 0;
      if (r.cost > budget - (spent - lowerCost - yieldCost)) continue;
      if (work.left <= 0) return null;
      const instead = new Uint8Array(n);
      for (let k = 0; k < n; k++) instead[k] = chosen[k] && !lower(k) && !yields(k) ? 1 : 0;
      instead[x] = 1;
      if (planWithNow(sorted, future, capacity, budget, instead, work) === null) {
        failed.add(key);
        continue;
      }
      // Promote x: it runs first with the `first` items but L, re-planned; whatever else ran
      // before is chosen again by the walk, as spare capacity.
      const next = new Uint8Array(n);
      for (let k = 0; k < n; k++) next[k] = first[k] && !lower(k) ? 1 : 0;
      next[x] = 1;
      const due = planWithNow(sorted, future, capacity, budget, next, work);
      if (due === null) {
        failed.add(key);
        continue;
      }
      for (let k = 0; k < n; k++) if (due[k]) next[k] = 1;
      return next;
    }
  }
  return null;
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
