// An independent slot oracle for the simulation tests: it does NOT use lib/engine (nor @date-fns/tz).
// Local readings come from Intl.DateTimeFormat; slots follow docs/engine.md "Slots" literally:
//   local wall-clock L_k = anchorDate runTime + k × interval (naive arithmetic), kept when L_k's
//   ISO weekday is in runDays, placed at the smallest instant t whose local reading is ≥ L_k
//   (a nonexistent time → the first valid instant after the gap; an ambiguous one → the earlier).
// Also: a small seeded PRNG, so a scenario is reproducible from its seed.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

const readings = new Map<string, number>();
/** The local wall-clock reading of instant `t` in `tz`, as naive ms (local fields encoded as UTC). */
export function localReading(tz: string, t: number): number {
  const key = `${tz}|${t}`;
  const hit = readings.get(key);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(t))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const ms = t % 1000 >= 0 ? t % 1000 : (t % 1000) + 1000;
  const naive = Date.UTC(p.year, p.month - 1, p.day, p.hour === 24 ? 0 : p.hour, p.minute, p.second) + ms;
  if (readings.size > 500_000) readings.clear();
  readings.set(key, naive);
  return naive;
}

/** "YYYY-MM-DD" of instant `t` in `tz`. */
export function localDateOf(tz: string, t: number): string {
  return new Date(localReading(tz, t)).toISOString().slice(0, 10);
}

/** ISO weekday (Mon = 1 … Sun = 7) of a naive time. */
export function naiveWeekday(naive: number): number {
  const d = new Date(naive).getUTCDay();
  return d === 0 ? 7 : d;
}

const STEP = 15 * MINUTE;

/**
 * The smallest instant whose local reading in `tz` is ≥ `naive`. Every UTC offset change of the
 * zones used here happens on a 15-minute boundary of UTC, so within each 15-minute cell of UTC the
 * offset is constant and the local reading strictly increasing: scan cells from well before.
 */
export function oracleInstant(tz: string, naive: number): number {
  const guess = naive - (localReading(tz, naive) - naive); // right unless a transition is near
  let lo = Math.floor((guess - 3 * HOUR) / STEP) * STEP;
  while (localReading(tz, lo) >= naive) lo -= 6 * HOUR;
  for (let g = lo; ; g += STEP) {
    const off = localReading(tz, g) - g;
    if (g + off >= naive) return g;
    const t = naive - off;
    if (t < g + STEP) {
      if (localReading(tz, t) !== naive) throw new Error(`oracle: offset not constant in the cell of ${new Date(g).toISOString()} (${tz})`);
      return t;
    }
  }
}

export type OracleConfig = {
  timezone: string;
  runTime: string;
  runDays: number[];
  tickIntervalHours: number;
  anchorDate: string;
};

/** The schedule's slot instants in (from, to], ascending, one per instant. */
export function oracleSlots(cfg: OracleConfig, from: number, to: number): number[] {
  const [hh, mm] = cfg.runTime.split(":").map(Number);
  const n0 = Date.parse(`${cfg.anchorDate}T00:00:00Z`) + (hh * 60 + mm) * MINUTE;
  const step = cfg.tickIntervalHours * HOUR;
  const days = new Set(cfg.runDays);
  // Naive readings are within ±15 h of the instant: start two days early, stop two days late.
  let k = Math.max(0, Math.floor((from - 2 * DAY - n0) / step));
  const out: number[] = [];
  for (; n0 + k * step <= to + 2 * DAY; k++) {
    const L = n0 + k * step;
    if (!days.has(naiveWeekday(L))) continue;
    const t = oracleInstant(cfg.timezone, L);
    if (t <= from || t > to) continue;
    if (out.length > 0 && out[out.length - 1] === t) continue; // two k on one instant: one slot
    if (out.length > 0 && out[out.length - 1] > t) throw new Error("oracle: slots out of order");
    out.push(t);
  }
  return out;
}

/** Longest gap between consecutive instants, in ms (0 for fewer than two). */
export function longestGap(instants: readonly number[]): number {
  let g = 0;
  for (let i = 1; i < instants.length; i++) g = Math.max(g, instants[i] - instants[i - 1]);
  return g;
}

/** mulberry32: a tiny seeded PRNG with helpers. */
export function prng(seed: number) {
  // Scramble the seed first, so that nearby seeds start far apart.
  let a = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35) >>> 0;
  a = (a ^ (a >>> 16)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Prng = ReturnType<typeof prng>;
