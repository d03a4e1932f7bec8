// The deadline look-ahead shared by selection (which items are due now) and the auto budget
// (the smallest budget that leaves no more due than one tick can run). Sharing one routine keeps
// the two consistent: at any budget ≥ the auto budget, the due items of a tick fit in it.
//
// Due = what an as-late-as-possible (ALAP) plan cannot postpone. Walk the upcoming slots from the
// last one back to the first; at each slot, items whose deadline is at or after it may run there;
// fill the slot's capacity with the latest-deadline ones (they have the fewest other options).
// Whatever is left when the walk reaches the current tick must run now. With unit costs this is
// exact: a deadline-feasible plan exists iff the leftover fits the current tick, and the leftover
// is a prefix of the earliest-deadline-first order. With test plans (cost > 1) a slot is filled
// greedily, skipping items that do not fit what is left of it, as a tick does.
import { coverageAnchor } from "./deadline";

export type EngineItem = {
  id: string;
  /** Higher is preferred. */
  priority: number;
  lastRunAt: number | null;
  addedAt: number;
  /** Agents one run takes: 1 for a journey, #journeys for a test plan (0: nothing to run). */
  cost: number;
  /** From deadline.ts; Infinity when the schedule has no slots. */
  deadline: number;
};

/** An item with the derived fields the ordering reads, computed once per tick. */
export type Ranked = EngineItem & { anchor: number; neverRun: boolean; tie: number };

/**
 * Tie-break among items with the same staleness (they last ran in the same tick): a hash of
 * (anchor, id). Deterministic, yet a fresh order each round, so no item is always last among
 * equals; a fixed order (by id or by when added) would give the same items the longer gaps of a
 * round robin every time.
 */
function tieHash(anchor: number, id: string): number {
  let h = 0x811c9dc5; // FNV-1a over the id…
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  h ^= Math.floor(anchor / 60_000) | 0; // …mixed with the anchor's minute, then murmur3's finalizer
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function rank(item: EngineItem): Ranked {
  // Built field by field (not spread) so every Ranked has one hidden class: sorting 10,000 of
  // them is several times faster that way.
  return {
    id: item.id,
    priority: item.priority,
    lastRunAt: item.lastRunAt,
    addedAt: item.addedAt,
    cost: item.cost,
    deadline: item.deadline,
    anchor: coverageAnchor(item),
    neverRun: item.lastRunAt === null,
    tie: -1, // computed on first use: only items whose staleness ties need it
  };
}

function tieOf(r: Ranked): number {
  return r.tie >= 0 ? r.tie : (r.tie = tieHash(r.anchor, r.id));
}

function byId(a: Ranked, b: Ranked): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Earliest deadline first, then higher priority, never-run first, least recently run (staleness),
 * the rotating tie hash, id. Deadlines grow with the anchor, so among equal priorities this order
 * is least-recently-run order: a round robin.
 */
export function edfCompare(a: Ranked, b: Ranked): number {
  return (
    a.deadline - b.deadline ||
    b.priority - a.priority ||
    Number(b.neverRun) - Number(a.neverRun) ||
    a.anchor - b.anchor ||
    tieOf(a) - tieOf(b) ||
    byId(a, b)
  );
}

/**
 * Marks the items (sorted by edfCompare, all with cost > 0) that must run at the current tick so
 * that every other one can still run by its deadline in `future` (the slots after the current
 * tick, ascending, through the latest finite deadline), `capacity` per slot. Items without a
 * finite deadline are never due.
 */
export function dueMask(sorted: readonly Ranked[], future: readonly number[], capacity: number): Uint8Array {
  const due = new Uint8Array(sorted.length).fill(1);
  let i = sorted.length - 1;
  while (i >= 0 && !Number.isFinite(sorted[i].deadline)) due[i--] = 0;
  // One FIFO per distinct cost; items enter in decreasing order index, so each head is that cost's
  // latest item. Choosing the latest head that fits is then O(#distinct costs), not O(n).
  type Queue = { cost: number; idx: number[]; head: number };
  const queues: Queue[] = [];
  const byCost = new Map<number, Queue>();
  let pooled = 0;
  for (let j = future.length - 1; j >= 0 && (i >= 0 || pooled > 0); j--) {
    const slot = future[j];
    for (; i >= 0 && sorted[i].deadline >= slot; i--) {
      const cost = sorted[i].cost;
      let q = byCost.get(cost);
      if (!q) {
        byCost.set(cost, (q = { cost, idx: [], head: 0 }));
        queues.push(q);
      }
      q.idx.push(i);
      pooled++;
    }
    let cap = capacity;
    while (cap > 0 && pooled > 0) {
      let pick: Queue | null = null;
      let pickIdx = -1;
      for (let k = 0; k < queues.length; k++) {
        const q = queues[k];
        if (q.cost <= cap && q.head < q.idx.length && q.idx[q.head] > pickIdx) {
          pick = q;
          pickIdx = q.idx[q.head];
        }
      }
      if (!pick) break;
      pick.head++;
      pooled--;
      due[pickIdx] = 0;
      cap -= pick.cost;
    }
  }
  return due;
}

/** Total cost of the due items. */
export function dueCost(sorted: readonly Ranked[], due: Uint8Array): number {
  let sum = 0;
  for (let k = 0; k < sorted.length; k++) if (due[k]) sum += sorted[k].cost;
  return sum;
}

/** The latest finite deadline, or -Infinity. */
export function horizon(items: readonly { deadline: number }[]): number {
  let h = -Infinity;
  for (const it of items) if (Number.isFinite(it.deadline) && it.deadline > h) h = it.deadline;
  return h;
}

/** Splits items with something to run (sorted earliest deadline first) from zero-cost ones. */
export function rankForTick(items: readonly EngineItem[]): { runnable: Ranked[]; empty: Ranked[] } {
  const runnable: Ranked[] = [];
  const empty: Ranked[] = [];
  for (const it of items) (it.cost > 0 ? runnable : empty).push(rank(it));
  runnable.sort(edfCompare);
  empty.sort(edfCompare);
  return { runnable, empty };
}
