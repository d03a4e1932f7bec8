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
//
// Selection also asks the look-ahead whether a plan exists with given items running now
// (planWithNow), to promote an item over an equally stale one of lower priority.
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
 * finite deadline are never due. Items marked in `runNow` are taken as running now: they take no
 * room in the future slots and are not marked. Items marked in `postponeFirst` are placed in a
 * slot before the others that may run there, the costliest first (see planWithNow).
 */
export function dueMask(
  sorted: readonly Ranked[],
  future: readonly number[],
  capacity: number,
  runNow?: Uint8Array,
  postponeFirst?: Uint8Array,
): Uint8Array {
  const due = new Uint8Array(sorted.length).fill(1);
  let i = sorted.length - 1;
  while (i >= 0 && !Number.isFinite(sorted[i].deadline)) due[i--] = 0;
  if (runNow) for (let k = 0; k <= i; k++) if (runNow[k]) due[k] = 0;
  // One FIFO per distinct cost (and preference); items enter in decreasing order index, so each
  // head is that cost's latest item. Choosing the latest head that fits is then O(#distinct
  // costs), not O(n).
  type Queue = { cost: number; first: boolean; idx: number[]; head: number };
  const queues: Queue[] = [];
  const byKey = new Map<number, Queue>();
  let pooled = 0;
  for (let j = future.length - 1; j >= 0 && (i >= 0 || pooled > 0); j--) {
    const slot = future[j];
    for (; i >= 0 && sorted[i].deadline >= slot; i--) {
      if (runNow?.[i]) continue;
      const cost = sorted[i].cost;
      const first = postponeFirst?.[i] === 1;
      const key = first ? -cost : cost;
      let q = byKey.get(key);
      if (!q) {
        byKey.set(key, (q = { cost, first, idx: [], head: 0 }));
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
        if (q.cost > cap || q.head >= q.idx.length) continue;
        const better =
          pick === null ||
          (q.first && !pick.first) ||
          (q.first === pick.first && (q.first ? q.cost > pick.cost || (q.cost === pick.cost && q.idx[q.head] > pickIdx) : q.idx[q.head] > pickIdx));
        if (better) {
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

/**
 * The look-ahead with the items of `runNow` running now (a promotion check, see selection.ts): what
 * else must run now for every other item to meet its deadline, or null when that and `runNow`
 * together cost more than `nowBudget` — the look-ahead finds no such plan. Exact for small
 * schedules (exactDue). Otherwise greedy as dueMask, the items of `runNow` taking no room in the
 * future slots, and an item as stale as one of them but of lower priority placed in a slot before
 * the others, the costliest first: those are what running `runNow` now means to put off, and a
 * test plan among them fits best while the slot is empty.
 */
export function planWithNow(
  sorted: readonly Ranked[],
  future: readonly number[],
  capacity: number,
  nowBudget: number,
  runNow: Uint8Array,
  work?: Work,
): Uint8Array | null {
  const meter = work ?? { left: 0 };
  meter.left -= sorted.length + future.length;
  let cost = 0;
  for (let k = 0; k < sorted.length; k++) if (runNow[k]) cost += sorted[k].cost;
  if (cost > nowBudget) return null;
  const due = exactDue(sorted, future, capacity, runNow, meter) ?? dueMask(sorted, future, capacity, runNow, outranked(sorted, runNow));
  return cost + dueCost(sorted, due) <= nowBudget ? due : null;
}

/** What is left of a bound on work, in steps (an item visited, a search node); it may go below 0. */
export type Work = { left: number };

// Limits of the exact search: items to place, states per slot (combinations of how many of each
// cost are still unplaced) and nodes visited. Beyond them the look-ahead packs greedily.
const EXACT_ITEMS = 24;
const EXACT_STATES = 1024;
const EXACT_NODES = 20_000;

/**
 * The least costly set of items that must run now, with the items of `runNow` running now, found
 * exactly — or null when the instance is beyond the limits above. Exact because it searches the
 * slots from the last to the first over the number of unplaced items of each cost: the items an
 * earlier slot can take are all those not yet placed whose deadline is at or after it, whatever
 * their deadline, so items of one cost are interchangeable there. Of each cost, those left to run
 * now are the ones earliest in the earliest-deadline order (any placement can be rearranged so
 * that they are), i.e. at equal deadline the higher priority runs now and the lower one waits.
 */
function exactDue(
  sorted: readonly Ranked[],
  future: readonly number[],
  capacity: number,
  runNow: Uint8Array,
  work: Work,
): Uint8Array | null {
  const n = sorted.length;
  const due = new Uint8Array(n);
  const first = future.length > 0 ? future[0] : Infinity;
  const pool: number[] = [];
  for (let k = 0; k < n; k++) {
    const d = sorted[k].deadline;
    if (runNow[k] || !Number.isFinite(d)) continue;
    if (d < first) due[k] = 1;
    else pool.push(k);
  }
  if (pool.length === 0) return due;
  if (pool.length > EXACT_ITEMS) return null;
  const costs = [...new Set(pool.map((k) => sorted[k].cost))].sort((a, b) => b - a);
  const ofCost = new Map(costs.map((c, i) => [c, i]));
  const count = costs.map(() => 0);
  for (const k of pool) count[ofCost.get(sorted[k].cost)!]++;
  const radix: number[] = [];
  let states = 1;
  for (const c of count) {
    radix.push(states);
    states *= c + 1;
  }
  if (states > EXACT_STATES) return null;
  // The slots that matter, last first, each with the code of the items whose last usable slot it
  // is; of a run of slots nobody enters at, no more than one per item can be used.
  const enter = new Map<number, number>();
  for (const k of pool) {
    let lo = 0;
    let hi = future.length - 1; // the last slot at or before the deadline
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (future[mid] <= sorted[k].deadline) lo = mid;
      else hi = mid - 1;
    }
    enter.set(lo, (enter.get(lo) ?? 0) + radix[ofCost.get(sorted[k].cost)!]);
  }
  const steps: number[] = [];
  let run = Infinity;
  for (let j = future.length - 1; j >= 0; j--) {
    const e = enter.get(j);
    if (e !== undefined) run = 0;
    if (run < pool.length) steps.push(e ?? 0);
    run++;
  }
  const K = costs.length;
  const digit = (code: number, i: number) => Math.floor(code / radix[i]) % (count[i] + 1);
  const costOf = (code: number) => {
    let c = 0;
    for (let i = 0; i < K; i++) c += digit(code, i) * costs[i];
    return c;
  };
  // best(t, pool) = least cost left unplaced after steps t.., the pool already holding step t's
  // entries; the choice (what step t takes) is kept for the reconstruction.
  const memo = new Map<number, { left: number; take: number }>();
  let nodes = 0;
  const best = (t: number, code: number): { left: number; take: number } | null => {
    if (t === steps.length) return { left: costOf(code), take: 0 };
    const key = t * states + code;
    const known = memo.get(key);
    if (known) return known;
    let out = { left: Infinity, take: 0 };
    // Every maximal way to fill this slot: placing more never hurts (an item placed later in the
    // search could as well take room here that nobody uses).
    const fill = (i: number, room: number, take: number): boolean => {
      if (i === K) {
        if (++nodes > EXACT_NODES) return false;
        for (let c = 0; c < K; c++) if (digit(take, c) < digit(code, c) && costs[c] <= room) return true;
        const next = t + 1 < steps.length ? code - take + steps[t + 1] : code - take;
        const r = best(t + 1, next);
        if (r === null) return false;
        if (r.left < out.left) out = { left: r.left, take };
        return true;
      }
      const most = Math.min(digit(code, i), Math.floor(room / costs[i]));
      for (let m = most; m >= 0; m--) if (!fill(i + 1, room - m * costs[i], take + m * radix[i])) return false;
      return true;
    };
    if (!fill(0, capacity, 0)) return null;
    memo.set(key, out);
    return out;
  };
  const found = best(0, steps[0]);
  work.left -= nodes;
  if (found === null) return null;
  let code = steps[0];
  for (let t = 0; t < steps.length; t++) {
    code -= memo.get(t * states + code)!.take;
    if (t + 1 < steps.length) code += steps[t + 1];
  }
  // `code` counts what is left to run now, per cost: the earliest ones in the order.
  const left = costs.map((_, i) => digit(code, i));
  for (const k of pool) {
    const i = ofCost.get(sorted[k].cost)!;
    if (left[i] > 0) {
      left[i]--;
      due[k] = 1;
    }
  }
  return due;
}

/**
 * The items not in `runNow` that are as stale (same anchor, both never run or both not) as an item
 * of `runNow` of higher priority.
 */
function outranked(sorted: readonly Ranked[], runNow: Uint8Array): Uint8Array {
  const top = new Map<number, number>();
  const keyOf = (r: Ranked) => r.anchor * 2 + (r.neverRun ? 1 : 0); // exact: anchors are whole ms
  for (let k = 0; k < sorted.length; k++) {
    if (!runNow[k]) continue;
    const key = keyOf(sorted[k]);
    const p = top.get(key);
    if (p === undefined || sorted[k].priority > p) top.set(key, sorted[k].priority);
  }
  const out = new Uint8Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    if (runNow[k]) continue;
    const p = top.get(keyOf(sorted[k]));
    if (p !== undefined && sorted[k].priority < p) out[k] = 1;
  }
  return out;
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
