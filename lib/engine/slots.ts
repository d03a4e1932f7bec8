// Tick slots of a schedule.
//
// Slot k is the local wall-clock time `anchorDate runTime + k × tickIntervalHours` (k = 0, 1, …),
// kept when that local date's ISO weekday is in runDays, and placed on the time line by
// `localToInstant` (gap → first valid instant, fold → earlier instant). Because that mapping is
// non-decreasing, slot instants are non-decreasing in k; two k that land on the same instant (a
// 1-hour interval across a 1-hour gap) count as one slot: the slots are a set of instants.
//
// Everything is computed from k directly (k = floor(naive difference / interval)), never by walking
// from the anchor. Whether slot k is on a run day depends only on k mod P, P = 168 / gcd(168, I)
// (after lcm(7 days, I) naive hours the weekday and time of day repeat), so a P-entry mask answers
// it and bounds every search to at most P steps of cheap arithmetic.
import { DAY_MS, HOUR_MS, MINUTE_MS, instantToLocal, isoWeekday, localToInstant, offsetMs, parseLocalDate } from "./tz";

export type SlotConfig = {
  /** IANA zone the slots are in. */
  timezone: string;
  /** "HH:MM", 24 h local time of slot 0. */
  runTime: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  runDays: number[];
  /** 1..168. */
  tickIntervalHours: number;
  /** "YYYY-MM-DD": the local date (in timezone) the schedule was created: slot 0's date. */
  anchorDate: string;
};

/** Anything that can answer slot questions: a config (computed on demand) or a precomputed timeline. */
export interface SlotSource {
  /** First slot strictly after `t`, or null when there is none. */
  nextAfter(t: number): number | null;
  /** Last slot at or before `t`, or null. */
  latestAtOrBefore(t: number): number | null;
  /** Slots in (fromExclusive, toInclusive], ascending. */
  between(fromExclusive: number, toInclusive: number): number[];
}

type Compiled = {
  tz: string;
  n0: number; // naive ms of slot 0
  step: number; // interval in ms
  period: number; // P: run-day pattern repeats every P slots
  mask: boolean[]; // mask[k mod P]: slot k falls on a run day
  any: boolean; // some slot falls on a run day at all
  cache: Map<number, number>; // k → instant
  steady: Map<number, number>; // UTC midnight → the offset steady around that day, or NaN
};

// How far past a naive reading a fold can still hold instants at or before it. Real folds are
// ≤ 2 h (30 min on Lord Howe); a day covers every historical oddity we care about.
const FOLD_REACH_MS = DAY_MS;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function compile(cfg: SlotConfig): Compiled {
  const hm = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(cfg.runTime);
  if (!hm) throw new RangeError(`bad runTime: ${cfg.runTime}`);
  const hours = cfg.tickIntervalHours;
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new RangeError(`bad tickIntervalHours: ${hours}`);
  offsetMs(cfg.timezone, 0); // throws on an unknown zone
  const n0 = parseLocalDate(cfg.anchorDate) + (Number(hm[1]) * 60 + Number(hm[2])) * MINUTE_MS;
  const step = hours * HOUR_MS;
  const period = 168 / gcd(168, hours);
  const days = new Set(cfg.runDays);
  const mask: boolean[] = [];
  for (let r = 0; r < period; r++) mask.push(days.has(isoWeekday(n0 + r * step)));
  return { tz: cfg.timezone, n0, step, period, mask, any: mask.includes(true), cache: new Map(), steady: new Map() };
}

function isRunSlot(c: Compiled, k: number): boolean {
  return k >= 0 && c.mask[k % c.period];
}

function instantOf(c: Compiled, k: number): number {
  let t = c.cache.get(k);
  if (t === undefined) {
    t = localToInstant(c.tz, c.n0 + k * c.step);
    if (c.cache.size > 50_000) c.cache.clear();
    c.cache.set(k, t);
  }
  return t;
}

// The offset in force from two days before the naive day starting at `day` (a UTC midnight) to
// three days after it, or NaN when it changes there. Read at midnights, so neighbouring days and
// calls share offsetMs's memo.
function steadyOffset(c: Compiled, day: number): number {
  let o = c.steady.get(day);
  if (o === undefined) {
    o = offsetMs(c.tz, day - 2 * DAY_MS);
    for (let j = -1; j <= 3 && !Number.isNaN(o); j++) if (offsetMs(c.tz, day + j * DAY_MS) !== o) o = NaN;
    if (c.steady.size > 50_000) c.steady.clear();
    c.steady.set(day, o);
  }
  return o;
}

/**
 * instantOf for runs of consecutive slots, with one offset read per day instead of up to three
 * per slot. Where the offset is steady around the slot's naive day, localToInstant's reads (a
 * day either side of the naive time, then at naive − offset, within 14 h of it) all see that
 * offset, so it returns naive − offset: the same answer, under the same assumption that no
 * zone changes its offset and back within a day.
 */
function runInstant(c: Compiled, k: number): number {
  const n = c.n0 + k * c.step;
  const o = steadyOffset(c, Math.floor(n / DAY_MS) * DAY_MS);
  return Number.isNaN(o) ? instantOf(c, k) : n - o;
}

/** Largest k whose naive time is ≤ the local reading of `t` (may be < 0). */
function kAtOrBefore(c: Compiled, t: number): number {
  return Math.floor((instantToLocal(c.tz, t) - c.n0) / c.step);
}

function nextAfterC(c: Compiled, t: number): number | null {
  if (!c.any) return null;
  // Slots whose naive time is ≤ local(t) are at or before t (monotone mapping), so start above.
  // Within one period a run slot must come; a fold can make a few more land ≤ t, hence the slack.
  let k = Math.max(0, kAtOrBefore(c, t) + 1);
  const limit = k + c.period + Math.ceil(FOLD_REACH_MS / c.step) + 1;
  for (; k <= limit; k++) {
    if (!isRunSlot(c, k)) continue;
    const at = instantOf(c, k);
    if (at > t) return at;
  }
  throw new Error("unreachable: no slot within one period");
}

function latestAtOrBeforeC(c: Compiled, t: number): number | null {
  if (!c.any) return null;
  const kHi = kAtOrBefore(c, t);
  // In a fold, slots with a naive time just past local(t) can still be instants ≤ t: the latest
  // such one wins. Outside folds the first check already lands after t.
  let best: number | null = null;
  const reach = Math.ceil(FOLD_REACH_MS / c.step);
  for (let k = Math.max(0, kHi + 1); k <= kHi + reach; k++) {
    if (!isRunSlot(c, k)) continue;
    const at = instantOf(c, k);
    if (at > t) break;
    best = at;
  }
  if (best !== null) return best;
  for (let k = kHi, stop = kHi - c.period; k >= 0 && k >= stop; k--) {
    if (isRunSlot(c, k)) return instantOf(c, k);
  }
  return null;
}

function betweenC(c: Compiled, fromExclusive: number, toInclusive: number): number[] {
  const out: number[] = [];
  if (!c.any || toInclusive <= fromExclusive) return out;
  const kEnd = kAtOrBefore(c, toInclusive) + Math.ceil(FOLD_REACH_MS / c.step);
  for (let k = Math.max(0, kAtOrBefore(c, fromExclusive) + 1); k <= kEnd; k++) {
    if (!isRunSlot(c, k)) continue;
    const at = runInstant(c, k);
    if (at > toInclusive) break;
    if (at > fromExclusive && at !== out[out.length - 1]) out.push(at); // one slot per instant
  }
  return out;
}

function slotsAfterC(c: Compiled, after: number, count: number): number[] {
  const out: number[] = [];
  if (!c.any) return out;
  // As in betweenC: slots up to kAtOrBefore(after) are at or before `after`.
  for (let k = Math.max(0, kAtOrBefore(c, after) + 1); out.length < count; k++) {
    if (!isRunSlot(c, k)) continue;
    const at = runInstant(c, k);
    if (at > after && at !== out[out.length - 1]) out.push(at);
  }
  return out;
}

/** A SlotSource that computes from the config, memoizing instants per k. */
export function slotSource(cfg: SlotConfig): SlotSource {
  const c = compile(cfg);
  return {
    nextAfter: (t) => nextAfterC(c, t),
    latestAtOrBefore: (t) => latestAtOrBeforeC(c, t),
    between: (a, b) => betweenC(c, a, b),
  };
}

/** First slot strictly after `t`, or null when the schedule has no slot at all. */
export function nextSlotAfter(cfg: SlotConfig, t: number): number | null {
  return nextAfterC(compile(cfg), t);
}

/** Last slot at or before `t`, or null. */
export function latestSlotAtOrBefore(cfg: SlotConfig, t: number): number | null {
  return latestAtOrBeforeC(compile(cfg), t);
}

/** Slots in (fromExclusive, toInclusive], ascending, no duplicates. */
export function slotsBetween(cfg: SlotConfig, fromExclusive: number, toInclusive: number): number[] {
  return betweenC(compile(cfg), fromExclusive, toInclusive);
}

/** The first `count` slots strictly after `after`, ascending; none when the schedule has no slots. */
export function slotsAfter(cfg: SlotConfig, after: number, count: number): number[] {
  return slotsAfterC(compile(cfg), after, count);
}

/**
 * Slots of (from, to] computed once, for callers that ask many questions about one stretch of
 * time (a simulation, a forecast, deadlines of many items). Questions outside the stretch fall
 * back to computing from the config, so answers never depend on the chosen stretch.
 */
export function slotTimeline(cfg: SlotConfig, from: number, to: number): SlotSource & { slots: readonly number[] } {
  const direct = slotSource(cfg);
  const slots = direct.between(from, to);
  // Index of the first slot > t.
  const upper = (t: number) => {
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    slots,
    nextAfter(t) {
      if (t >= from && t < to) {
        const i = upper(t);
        if (i < slots.length) return slots[i];
      }
      return direct.nextAfter(t);
    },
    latestAtOrBefore(t) {
      if (t > from && t <= to) {
        const i = upper(t);
        if (i > 0) return slots[i - 1];
      }
      return direct.latestAtOrBefore(t);
    },
    between(a, b) {
      if (a >= from && b <= to) return b <= a ? [] : slots.slice(upper(a), upper(b));
      return direct.between(a, b);
    },
  };
}

// A stretch long enough to hold the next occurrence of every yearly DST transition after any
// instant: rules tied to a weekday ("last Sunday in October") recur after 364 or 371 days, fixed
// dates after 365 or 366, lunar ones (Ramadan) after about 354. 366 days is not enough: Berlin's
// fall-back was on 2026-10-25 and is next on 2027-10-31, 371 days later.
const YEAR_OF_RULES_MS = 371 * DAY_MS;

// Offsets lie within −12 h … +14 h, so a slot's instant is within a day of its naive time, and
// localToInstant reads offsets only within a day of it. A gap both of whose slots are more than
// two days of naive time away from every transition therefore lasts exactly its naive length.
const CLEAN_MARGIN_MS = 2 * DAY_MS;

/**
 * Instants at or before which the zone's offset changes, one per change, for every change in
 * (from, to]. Sampled daily at UTC midnights (so repeated calls share offsetMs's memo); like
 * localToInstant it assumes no zone changes its offset twice within a day and back.
 */
function offsetChanges(tz: string, from: number, to: number): number[] {
  const out: number[] = [];
  let t = Math.floor(from / DAY_MS) * DAY_MS;
  let prev = offsetMs(tz, t);
  while (t < to) {
    t += DAY_MS;
    const o = offsetMs(tz, t);
    if (o !== prev) out.push(t); // a change in (t − 1 day, t]
    prev = o;
  }
  return out;
}

/** The first run slot k ≥ 0 whose instant is ≥ t. */
function firstRunAtOrAfter(c: Compiled, t: number): number {
  // Every k ≤ kAtOrBefore(t) lands at or before t, so start there; a run slot comes within a period.
  for (let k = t === -Infinity ? 0 : Math.max(0, kAtOrBefore(c, t)); ; k++) if (isRunSlot(c, k) && instantOf(c, k) >= t) return k;
}

/**
 * The longest real-time gap, in hours, between consecutive slots (distinct instants), over every
 * gap whose first slot is in [from, from + 371 days + one period of the pattern), where `from`
 * defaults to the first slot. Null when there are no slots.
 *
 * That stretch is what makes the answer exact rather than a bound: the naive pattern repeats
 * every period (lcm(7 days, interval)), so each of its gaps starts in it at least once, and it
 * holds the next occurrence of every yearly DST transition together with the gap across it (a
 * transition within the first gap after `from` recurs at most 371 days later, still inside).
 * Later years can place transitions differently in the pattern's gaps when the period is not a
 * week (an interval that does not divide 168 h, with run days skipped). A gap lasts its naive
 * length plus offset(start) − offset(end), so beyond the stretch a gap can exceed the answer by
 * up to twice the zone's offset range (the longest naive gap may start in the stretch only where
 * it loses the DST hour and elsewhere gain it): callers that look further ahead pass a later
 * `from`, or also measure the slots they actually use.
 *
 * Cheap: gaps far from any transition last exactly their naive length, read off a P-entry table;
 * only the few near a transition are placed on the time line. The work is one pass over the
 * run slots of the stretch (about 9,100 for an hourly schedule) plus one offset read per day.
 */
export function longestSlotGapHours(cfg: SlotConfig, from?: number): number | null {
  const c = compile(cfg);
  if (!c.any) return null;
  const P = c.period;
  // toNext[r]: k-distance from a run slot with k ≡ r (mod P) to the next run slot.
  const toNext: number[] = new Array(P).fill(0);
  let gap = 0;
  for (let r = 2 * P - 1; r >= 0; r--) {
    gap++;
    if (c.mask[r % P]) {
      if (r < P) toNext[r] = gap;
      gap = 0;
    }
  }
  let maxNaive = 0;
  for (let r = 0; r < P; r++) if (c.mask[r]) maxNaive = Math.max(maxNaive, toNext[r] * c.step);

  const kLo = from === undefined ? firstRunAtOrAfter(c, -Infinity) : firstRunAtOrAfter(c, from);
  const start = from ?? instantOf(c, kLo);
  const kEnd = firstRunAtOrAfter(c, start + YEAR_OF_RULES_MS + P * c.step); // first slot past the stretch
  const changes = offsetChanges(
    c.tz,
    instantOf(c, kLo) - 2 * CLEAN_MARGIN_MS,
    instantOf(c, kEnd) + maxNaive + 2 * CLEAN_MARGIN_MS,
  );

  let longest = 0;
  let ci = 0; // first change not yet behind the current gap
  for (let k = kLo; k < kEnd; k += toNext[k % P]) {
    const next = k + toNext[k % P];
    const lo = c.n0 + k * c.step - CLEAN_MARGIN_MS;
    const hi = c.n0 + next * c.step + CLEAN_MARGIN_MS;
    // A change at t lies in (t − 1 day, t]: it may touch [lo, hi] when t ≥ lo and t − 1 day ≤ hi.
    while (ci < changes.length && changes[ci] < lo) ci++;
    if (ci >= changes.length || changes[ci] - DAY_MS > hi) {
      longest = Math.max(longest, (next - k) * c.step);
      continue;
    }
    // Near a transition: place the slots, skipping run slots that land on the same instant.
    const at = instantOf(c, k);
    let j = next;
    while (instantOf(c, j) <= at) j += toNext[j % P];
    longest = Math.max(longest, instantOf(c, j) - at);
  }
  return longest / HOUR_MS;
}
