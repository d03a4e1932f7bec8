// Tick slots of a schedule (SPEC §4 "Slots").
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
  return { tz: cfg.timezone, n0, step, period, mask, any: mask.includes(true), cache: new Map() };
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
    const at = instantOf(c, k);
    if (at > toInclusive) break;
    if (at > fromExclusive && at !== out[out.length - 1]) out.push(at); // one slot per instant
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

// Largest backward jump (fall-back) of the zone's offset within a year from `start`, in ms.
// A gap spanning a fall-back is that much longer in real time than on the wall clock.
function maxFallBackMs(tz: string, start: number): number {
  let worst = 0;
  let prev = offsetMs(tz, start);
  for (let d = 1; d <= 366; d++) {
    const o = offsetMs(tz, start + d * DAY_MS);
    worst = Math.max(worst, prev - o);
    prev = o;
  }
  return worst;
}

/**
 * Longest real-time gap between two consecutive slots, in hours, or null when there are no slots.
 * Computed over one full period of the pattern (lcm(7 days, interval) naive hours) on the wall
 * clock, plus the zone's largest fall-back shift (a gap across it lasts that much longer), so it
 * is an upper bound that is exact for zones without DST.
 */
export function longestSlotGapHours(cfg: SlotConfig): number | null {
  const c = compile(cfg);
  if (!c.any) return null;
  const runs: number[] = [];
  for (let r = 0; r < c.period; r++) if (c.mask[r]) runs.push(r);
  let longest = runs[0] + c.period - runs[runs.length - 1]; // wrap into the next period
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i] - runs[i - 1]);
  const naiveMs = longest * c.step;
  return (naiveMs + maxFallBackMs(c.tz, c.n0 /* ≈ slot 0's instant; a day off does not matter */)) / HOUR_MS;
}
