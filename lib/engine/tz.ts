// Time-zone arithmetic for the engine, on epoch milliseconds.
//
// A "naive" time is a local wall-clock reading encoded as if it were UTC (Date.UTC(y, m, d, h, mi)):
// adding hours to it is wall-clock arithmetic, and its UTC getters read the local calendar fields.
// The zone rules come from the runtime's IANA data through @date-fns/tz `tzOffset`; this file only
// decides what to do where local time is not one-to-one (DST gaps and folds), which no library here
// does the way docs/engine.md "Slots" wants (TZDate moves 02:30 in a gap to 03:30, we want the first valid instant).
import { tzOffset } from "@date-fns/tz";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

// tzOffset formats through Intl (~4 µs a call). Slot and deadline code asks for the same instants
// over and over (k ± 1 day), so a bounded per-zone memo pays for itself.
const offsetMemo = new Map<string, Map<number, number>>();
const MEMO_LIMIT = 200_000;

/** UTC offset of `timezone` at instant `t`, in milliseconds (east of UTC positive). */
export function offsetMs(timezone: string, t: number): number {
  let memo = offsetMemo.get(timezone);
  if (!memo) offsetMemo.set(timezone, (memo = new Map()));
  const hit = memo.get(t);
  if (hit !== undefined) return hit;
  const minutes = tzOffset(timezone, new Date(t));
  if (!Number.isFinite(minutes)) throw new RangeError(`unknown time zone: ${timezone}`);
  const ms = Math.round(minutes * MINUTE_MS);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(t, ms);
  return ms;
}

/** True when `timezone` is an IANA name (or offset) the runtime knows. */
export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return Number.isFinite(tzOffset(timezone, new Date(0)));
  } catch {
    return false;
  }
}

/** The local wall-clock reading (naive ms) of instant `t` in `timezone`. */
export function instantToLocal(timezone: string, t: number): number {
  return t + offsetMs(timezone, t);
}

/**
 * The instant at which `timezone` shows the wall-clock time `naive`.
 * - ambiguous (fall-back fold): the earlier instant, so the reading is taken once;
 * - nonexistent (spring-forward gap): the first valid instant after the gap, i.e. the transition.
 * The mapping is non-decreasing in `naive`, which slot code relies on.
 */
export function localToInstant(timezone: string, naive: number): number {
  // Offsets a day either side bracket any single transition near `naive` (the same trick as
  // Temporal's GetPossibleEpochNanoseconds).
  const before = offsetMs(timezone, naive - DAY_MS);
  const after = offsetMs(timezone, naive + DAY_MS);
  if (before === after) {
    const t = naive - before;
    if (offsetMs(timezone, t) === before) return t; // the common case: no transition nearby
  }
  const offsets = [before, after];
  offsets.push(offsetMs(timezone, naive - before), offsetMs(timezone, naive - after));
  let best = Infinity;
  for (const o of offsets) {
    const t = naive - o;
    if (t < best && instantToLocal(timezone, t) === naive) best = t; // earliest valid reading
  }
  if (best !== Infinity) return best;
  // In a gap: local time jumps over `naive`. Binary-search the first instant whose local reading
  // is past `naive`: that is the transition, the first valid instant.
  let lo = naive - Math.max(...offsets); // local reading < naive here
  let hi = naive - Math.min(...offsets); // local reading > naive here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (instantToLocal(timezone, mid) > naive) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Naive ms of midnight of a "YYYY-MM-DD" date; throws on a malformed or impossible date. */
export function parseLocalDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`bad local date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatNaiveDate(ms) !== date) throw new RangeError(`bad local date: ${date}`);
  return ms;
}

/** "YYYY-MM-DD" of a naive time. */
export function formatNaiveDate(naive: number): string {
  return new Date(naive).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a naive time. 1970-01-01 was a Thursday (4). */
export function isoWeekday(naive: number): number {
  const days = Math.floor(naive / DAY_MS);
  return (((days + 3) % 7) + 7) % 7 + 1;
}

/** The tenant-local calendar date ("YYYY-MM-DD") of instant `t`: the key of its daily budget. */
export function tenantLocalDate(timezone: string, t: number): string {
  return formatNaiveDate(instantToLocal(timezone, t));
}

/** The instant the tenant's next local day starts after `t` (its budget reset). */
export function nextLocalMidnight(timezone: string, t: number): number {
  const local = instantToLocal(timezone, t);
  const nextMidnight = Math.floor(local / DAY_MS) * DAY_MS + DAY_MS;
  // A zone that springs forward at midnight has no 00:00: the day then starts at the transition.
  return localToInstant(timezone, nextMidnight);
}
