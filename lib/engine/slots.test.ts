import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type SlotConfig,
  latestSlotAtOrBefore,
  longestSlotGapHours,
  nextSlotAfter,
  slotSource,
  slotTimeline,
  slotsAfter,
  slotsBetween,
} from "./slots";
import { localToInstant } from "./tz";

const H = 3_600_000;
const D = 24 * H;
const z = (s: string) => Date.parse(s.endsWith("Z") ? s : `${s}Z`);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().replace(":00.000Z", "Z"));
const ALL = [1, 2, 3, 4, 5, 6, 7];
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function cfg(partial: Partial<SlotConfig>): SlotConfig {
  return { timezone: "UTC", runTime: "09:00", runDays: ALL, tickIntervalHours: 24, anchorDate: "2026-01-01", ...partial };
}

// ---- An independent reference: local time read with Intl.formatToParts, instants found by
// brute-force search over every quarter-hour offset, slots enumerated from k = 0. ----
const fmts = new Map<string, Intl.DateTimeFormat>();
const localMemo = new Map<string, number>();
function refLocal(tz: string, t: number): number {
  const key = `${tz}|${t}`;
  const hit = localMemo.get(key);
  if (hit !== undefined) return hit;
  let f = fmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    fmts.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const v = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  localMemo.set(key, v);
  return v;
}
function refToInstant(tz: string, naive: number): number {
  const q = 15 * 60_000;
  for (let o = 14 * H; o >= -14 * H; o -= q) if (refLocal(tz, naive - o) === naive) return naive - o; // earliest
  // A gap: the first minute whose reading is past `naive`.
  for (let t = naive - 14 * H; ; t += 60_000) if (refLocal(tz, t) > naive) return t;
}
function refSlots(c: SlotConfig, from: number, to: number): number[] {
  const [y, m, d] = c.anchorDate.split("-").map(Number);
  const [hh, mm] = c.runTime.split(":").map(Number);
  const n0 = Date.UTC(y, m - 1, d, hh, mm);
  const out = new Set<number>();
  for (let k = 0; ; k++) {
    const naive = n0 + k * c.tickIntervalHours * H;
    if (naive > to + 2 * D) break;
    if (naive < from - 2 * D) continue;
    const wd = new Date(naive).getUTCDay() || 7;
    if (!c.runDays.includes(wd)) continue;
    const t = refToInstant(c.timezone, naive);
    if (t > from && t <= to) out.add(t);
  }
  return [...out].sort((a, b) => a - b);
}

// Slots in [from, to] straight from the definition: naive times k by k, the run-day test, then
// localToInstant, one slot per instant.
function explicitSlots(c: SlotConfig, from: number, to: number): number[] {
  const [y, m, d] = c.anchorDate.split("-").map(Number);
  const [hh, mm] = c.runTime.split(":").map(Number);
  const n0 = Date.UTC(y, m - 1, d, hh, mm);
  const out: number[] = [];
  for (let k = Math.max(0, Math.floor((from - n0) / (c.tickIntervalHours * H)) - 48); ; k++) {
    const naive = n0 + k * c.tickIntervalHours * H;
    if (naive > to + D) return out;
    if (!c.runDays.includes(new Date(naive).getUTCDay() || 7)) continue;
    const t = localToInstant(c.timezone, naive);
    if (t >= from && t <= to && t !== out[out.length - 1]) out.push(t);
  }
}

describe("localToInstant", () => {
  it.each([
    ["Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:00Z"], // gap → transition (not 03:30)
    ["Europe/Berlin", "2026-03-29T03:00", "2026-03-29T01:00Z"],
    ["Europe/Berlin", "2026-03-29T01:59", "2026-03-29T00:59Z"],
    ["Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30Z"], // fold → earlier (CEST)
    ["Europe/Berlin", "2026-10-25T03:00", "2026-10-25T02:00Z"],
    ["America/New_York", "2026-03-08T02:30", "2026-03-08T07:00Z"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30Z"],
    ["Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45Z"], // 30-min fold, +11 first
    ["Australia/Lord_Howe", "2026-04-05T02:00", "2026-04-04T15:30Z"],
    ["Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:30Z"], // 30-min gap
    ["Australia/Lord_Howe", "2026-10-04T02:30", "2026-10-03T15:30Z"],
    ["Asia/Kathmandu", "2026-03-29T02:30", "2026-03-28T20:45Z"],
  ])("%s %s → %s", (tz, local, want) => {
    expect(iso(localToInstant(tz, z(local)))).toBe(want);
  });
});

describe("slots across DST transitions", () => {
  it("Europe/Berlin spring forward, hourly: 02:30 becomes 03:00 (01:00Z), nothing doubled", () => {
    const c = cfg({ timezone: "Europe/Berlin", runTime: "00:30", tickIntervalHours: 1, anchorDate: "2026-03-28" });
    expect(slotsBetween(c, z("2026-03-28T22:00"), z("2026-03-29T03:00")).map(iso)).toEqual([
      "2026-03-28T22:30Z", "2026-03-28T23:30Z", "2026-03-29T00:30Z", "2026-03-29T01:00Z", "2026-03-29T01:30Z", "2026-03-29T02:30Z",
    ]);
  });

  it("Europe/Berlin daily at 02:30 across both changes", () => {
    const c = cfg({ timezone: "Europe/Berlin", runTime: "02:30", anchorDate: "2026-03-20" });
    expect(slotsBetween(c, z("2026-03-27T12:00"), z("2026-03-31T00:00")).map(iso)).toEqual([
      "2026-03-28T01:30Z", "2026-03-29T01:00Z", "2026-03-30T00:30Z",
    ]);
    expect(slotsBetween(c, z("2026-10-23T12:00"), z("2026-10-27T00:00")).map(iso)).toEqual([
      "2026-10-24T00:30Z", "2026-10-25T00:30Z", "2026-10-26T01:30Z",
    ]);
  });

  it("Europe/Berlin fall back, hourly: the doubled hour is taken once", () => {
    const c = cfg({ timezone: "Europe/Berlin", runTime: "00:30", tickIntervalHours: 1, anchorDate: "2026-10-24" });
    expect(slotsBetween(c, z("2026-10-24T22:00"), z("2026-10-25T04:00")).map(iso)).toEqual([
      "2026-10-24T22:30Z", "2026-10-24T23:30Z", "2026-10-25T00:30Z", "2026-10-25T02:30Z", "2026-10-25T03:30Z",
    ]);
  });

  it("America/New_York spring forward, hourly: 02:00 and 03:00 land on one instant, kept once", () => {
    const c = cfg({ timezone: "America/New_York", runTime: "00:00", tickIntervalHours: 1, anchorDate: "2026-03-08" });
    expect(slotsBetween(c, z("2026-03-08T04:30"), z("2026-03-08T09:00")).map(iso)).toEqual([
      "2026-03-08T05:00Z", "2026-03-08T06:00Z", "2026-03-08T07:00Z", "2026-03-08T08:00Z", "2026-03-08T09:00Z",
    ]);
    expect(nextSlotAfter(c, z("2026-03-08T06:00"))).toBe(z("2026-03-08T07:00"));
    expect(nextSlotAfter(c, z("2026-03-08T07:00"))).toBe(z("2026-03-08T08:00"));
  });

  it("America/New_York fall back: 01:30 daily is the EDT one", () => {
    const c = cfg({ timezone: "America/New_York", runTime: "01:30", anchorDate: "2026-10-01" });
    expect(slotsBetween(c, z("2026-10-31T00:00"), z("2026-11-02T12:00")).map(iso)).toEqual([
      "2026-10-31T05:30Z", "2026-11-01T05:30Z", "2026-11-02T06:30Z",
    ]);
  });

  it("Australia/Lord_Howe: 30-minute fold and gap", () => {
    const fold = cfg({ timezone: "Australia/Lord_Howe", runTime: "00:45", tickIntervalHours: 1, anchorDate: "2026-04-05" });
    expect(slotsBetween(fold, z("2026-04-04T13:00"), z("2026-04-04T17:00")).map(iso)).toEqual([
      "2026-04-04T13:45Z", "2026-04-04T14:45Z", "2026-04-04T16:15Z",
    ]);
    const gap = cfg({ timezone: "Australia/Lord_Howe", runTime: "00:15", tickIntervalHours: 1, anchorDate: "2026-10-04" });
    expect(slotsBetween(gap, z("2026-10-03T13:00"), z("2026-10-03T17:00")).map(iso)).toEqual([
      "2026-10-03T13:45Z", "2026-10-03T14:45Z", "2026-10-03T15:30Z", "2026-10-03T16:15Z",
    ]);
  });

  it("Asia/Kathmandu (+05:45, no DST): daily slots are exactly 24 h apart all year", () => {
    const c = cfg({ timezone: "Asia/Kathmandu", runTime: "09:00", anchorDate: "2026-01-01" });
    const s = slotsBetween(c, z("2026-01-01T00:00"), z("2027-01-01T00:00"));
    expect(s).toHaveLength(365);
    expect(iso(s[0])).toBe("2026-01-01T03:15Z");
    for (let i = 1; i < s.length; i++) expect(s[i] - s[i - 1]).toBe(D);
    expect(longestSlotGapHours(c)).toBe(24);
  });

  it("every 5 h on Wed, Thu, Sat, Sun across the Berlin spring change", () => {
    const c = cfg({ timezone: "Europe/Berlin", runTime: "00:00", tickIntervalHours: 5, runDays: [3, 4, 6, 7], anchorDate: "2026-03-27" });
    // Fri 27 is no run day; Sat 28 (CET, −1 h); Sun 29 02:00 is in the gap → 01:00Z; then CEST (−2 h).
    expect(slotsBetween(c, z("2026-03-27T00:00"), z("2026-04-01T12:00")).map(iso)).toEqual([
      "2026-03-28T00:00Z", "2026-03-28T05:00Z", "2026-03-28T10:00Z", "2026-03-28T15:00Z", "2026-03-28T20:00Z",
      "2026-03-29T01:00Z", "2026-03-29T05:00Z", "2026-03-29T10:00Z", "2026-03-29T15:00Z", "2026-03-29T20:00Z",
      "2026-03-31T22:00Z", "2026-04-01T03:00Z", "2026-04-01T08:00Z",
    ]);
  });

  it("weekly (168 h): on the anchor's weekday only; a run day it never reaches gives no slots", () => {
    const c = cfg({ timezone: "America/New_York", runTime: "01:30", tickIntervalHours: 168, runDays: [7], anchorDate: "2026-10-25" });
    expect(slotsBetween(c, z("2026-10-20T00:00"), z("2026-11-10T00:00")).map(iso)).toEqual([
      "2026-10-25T05:30Z", "2026-11-01T05:30Z", "2026-11-08T06:30Z",
    ]);
    expect(longestSlotGapHours(c)).toBe(169); // a week, plus the fall-back hour
    const never = { ...c, runDays: [1] };
    expect(nextSlotAfter(never, z("2026-10-20T00:00"))).toBeNull();
    expect(latestSlotAtOrBefore(never, z("2027-10-20T00:00"))).toBeNull();
    expect(slotsBetween(never, 0, z("2030-01-01T00:00"))).toEqual([]);
    expect(longestSlotGapHours(never)).toBeNull();
    expect(nextSlotAfter({ ...c, runDays: [] }, 0)).toBeNull();
  });

  it("interval 24 h on irregular days: next/latest around a run-day gap", () => {
    const c = cfg({ timezone: "Europe/Berlin", runDays: [3, 4, 6, 7], anchorDate: "2026-06-01" });
    // Sun 2026-06-07 09:00 CEST → next is Wed 06-10.
    expect(iso(nextSlotAfter(c, z("2026-06-07T07:00")))).toBe("2026-06-10T07:00Z");
    expect(iso(latestSlotAtOrBefore(c, z("2026-06-09T23:00")))).toBe("2026-06-07T07:00Z");
    expect(iso(latestSlotAtOrBefore(c, z("2026-06-07T07:00")))).toBe("2026-06-07T07:00Z");
    // Sun → Wed is the longest; Berlin falls back early on a Sunday, inside the Sat → Sun gap
    // (25 h), never inside Sun → Wed.
    expect(longestSlotGapHours(c)).toBe(72);
  });

  it("regression: the longest gap finds next year's fall-back even when it is 370 days after the anchor", () => {
    // Created the day after Berlin's 2026 fall-back; the next one is on 2027-10-31, and the slot
    // before it (01:30 CEST) is 25 h from the one after it (01:30 CET). A 366-day search saw 24.
    const c = cfg({ timezone: "Europe/Berlin", runTime: "01:30", anchorDate: "2026-10-26" });
    expect(slotsBetween(c, z("2027-10-30T12:00"), z("2027-11-01T12:00")).map(iso)).toEqual(["2027-10-30T23:30Z", "2027-11-01T00:30Z"]);
    expect(longestSlotGapHours(c)).toBe(25);
  });

  it("the longest gap from a later instant covers the year after it", () => {
    const c = cfg({ timezone: "America/New_York", runTime: "01:30", runDays: [1, 3, 5], anchorDate: "2026-01-05" });
    // Mon/Wed/Fri: Fri → Mon is 72 h, 73 h when a fall-back lies in it; New York falls back on a
    // Sunday (01:30 EDT → 01:30 EST), so every year it does.
    expect(longestSlotGapHours(c)).toBe(73);
    expect(longestSlotGapHours(c, z("2030-06-01T00:00"))).toBe(73);
    const utc = cfg({ runTime: "01:30", runDays: [1, 3, 5], tickIntervalHours: 5 });
    expect(longestSlotGapHours(utc)).toBe(longestSlotGapHours(utc, z("2031-02-03T04:05")));
  });

  it("no slot before slot 0, and slot 0 may precede the creation time", () => {
    const c = cfg({ timezone: "Europe/Berlin", anchorDate: "2026-06-01" });
    expect(latestSlotAtOrBefore(c, z("2026-06-01T06:59"))).toBeNull();
    expect(iso(latestSlotAtOrBefore(c, z("2026-06-01T12:00")))).toBe("2026-06-01T07:00Z");
    expect(iso(nextSlotAfter(c, z("2020-01-01T00:00")))).toBe("2026-06-01T07:00Z");
  });

  it("a schedule created years ago answers directly (k from the naive difference) and right", () => {
    const c = cfg({ timezone: "America/New_York", runTime: "00:00", tickIntervalHours: 1, anchorDate: "2016-01-01" });
    const next = nextSlotAfter(c, z("2026-03-08T06:00"));
    const latest = latestSlotAtOrBefore(c, z("2026-11-01T06:59"));
    expect(iso(next)).toBe("2026-03-08T07:00Z");
    // 01:00 happens twice that night; the slot is the first (EDT, 05:00Z), so none at 06:00Z.
    expect(iso(latest)).toBe("2026-11-01T05:00Z");
  });
});

// Zones and the local dates of their transitions in 2026.
const TRANSITIONS: [string, string][] = [
  ["Europe/Berlin", "2026-03-29"], ["Europe/Berlin", "2026-10-25"],
  ["America/New_York", "2026-03-08"], ["America/New_York", "2026-11-01"],
  ["Australia/Lord_Howe", "2026-04-05"], ["Australia/Lord_Howe", "2026-10-04"],
  ["Asia/Kathmandu", "2026-03-29"],
];
const arbConfigNearTransition = fc
  .record({
    tr: fc.constantFrom(...TRANSITIONS),
    hh: fc.integer({ min: 0, max: 23 }),
    mm: fc.constantFrom(0, 7, 15, 30, 45, 59),
    interval: fc.constantFrom(1, 2, 3, 5, 7, 24, 25, 48, 168),
    runDays: fc.subarray(ALL, { minLength: 1 }),
    anchorBack: fc.integer({ min: 0, max: 20 }),
  })
  .map(({ tr, hh, mm, interval, runDays, anchorBack }) => {
    const at = z(`${tr[1]}T12:00`);
    const c: SlotConfig = {
      timezone: tr[0],
      runTime: `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`,
      runDays,
      tickIntervalHours: interval,
      anchorDate: new Date(at - anchorBack * D).toISOString().slice(0, 10),
    };
    return { c, at };
  });

describe("slots: properties against the brute-force reference", () => {
  it("slotsBetween equals the reference around every transition", () => {
    fc.assert(
      fc.property(arbConfigNearTransition, ({ c, at }) => {
        const from = at - 3 * D;
        const to = at + 3 * D;
        expect(slotsBetween(c, from, to).map(iso)).toEqual(refSlots(c, from, to).map(iso));
      }),
      { numRuns: 60 },
    );
  });

  it("next/latest agree with slotsBetween; slots strictly increase", () => {
    fc.assert(
      fc.property(arbConfigNearTransition, fc.integer({ min: -4 * 24 * 60, max: 4 * 24 * 60 }), ({ c, at }, minutes) => {
        const t = at + minutes * 60_000;
        const src = slotSource(c);
        const list = slotsBetween(c, t - 40 * D, t + 40 * D);
        for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
        const after = list.filter((s) => s > t);
        const before = list.filter((s) => s <= t);
        expect(nextSlotAfter(c, t)).toBe(after[0] ?? nextSlotAfter(c, t + 40 * D));
        const chain = [nextSlotAfter(c, t)];
        while (chain.length < 6 && chain[chain.length - 1] !== null) chain.push(nextSlotAfter(c, chain[chain.length - 1]!));
        expect(slotsAfter(c, t, 6)).toEqual(chain.filter((x) => x !== null));
        expect(src.nextAfter(t)).toBe(nextSlotAfter(c, t));
        if (before.length > 0) expect(latestSlotAtOrBefore(c, t)).toBe(before[before.length - 1]);
        // A timeline over a stretch gives the same answers inside and outside it.
        const tl = slotTimeline(c, t - 5 * D, t + 5 * D);
        expect(tl.nextAfter(t)).toBe(nextSlotAfter(c, t));
        expect(tl.latestAtOrBefore(t)).toBe(latestSlotAtOrBefore(c, t));
        expect(tl.nextAfter(t + 9 * D)).toBe(nextSlotAfter(c, t + 9 * D));
        expect(tl.between(t - D, t + D)).toEqual(slotsBetween(c, t - D, t + D));
        expect(tl.between(t - 9 * D, t)).toEqual(slotsBetween(c, t - 9 * D, t));
      }),
      { numRuns: 150 },
    );
  });

  it("longestSlotGapHours equals the longest gap of an explicit slot list, in zones with every kind of DST", () => {
    // Brute force: every slot over two years (more when the pattern's period is longer), listed
    // k by k through localToInstant, consecutive differences taken directly. The function promises
    // exactly the longest gap starting in [from, from + 371 days + one period).
    //
    // Outside that stretch only a bound holds. Every slot's instant is its naive time minus an
    // offset the zone actually uses (in a DST gap, localToInstant's transition instant is naive
    // minus something between the offsets either side), so a gap's real length is its naive length
    // plus offset(start) − offset(end): within ± R, R = the zone's offset range (its DST shift),
    // however many transitions the gap spans. The stretch holds a whole period, so every naive gap
    // of the pattern, the longest (N) included, starts in it at least once: answer ≥ N − R, while
    // any gap anywhere is ≤ N + R, so up to 2R above the answer. That happens: with a 167 h
    // interval the period is over three years, Santiago's longest naive gap (4175 h) starts in the
    // stretch only in winter (−4) and ends in summer (−3), 4174 h, and in 2031 one starts in
    // summer and ends in winter, 4176 h.
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Pacific/Chatham", "Europe/London"];
    // R in hours: standard/DST offsets of each zone in the years listed (2025 to about 2040).
    const offsetRange: Record<string, number> = {
      "Europe/Berlin": 1, "America/New_York": 1, "Australia/Lord_Howe": 0.5, "Asia/Kathmandu": 0,
      "America/Santiago": 1, "Pacific/Chatham": 1, "Europe/London": 1,
    };
    const arb = fc.record({
      timezone: fc.constantFrom(...zones),
      hh: fc.integer({ min: 0, max: 23 }),
      mm: fc.constantFrom(0, 7, 15, 30, 45, 59),
      interval: fc.constantFrom(1, 2, 3, 5, 7, 11, 24, 25, 47, 48, 100, 167, 168),
      runDays: fc.subarray(ALL, { minLength: 1 }),
      anchorDay: fc.integer({ min: 0, max: 3 * 365 }),
      fromHours: fc.option(fc.integer({ min: 0, max: 500 * 24 }), { freq: 2 }),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const c: SlotConfig = {
          timezone: r.timezone,
          runTime: `${String(r.hh).padStart(2, "0")}:${String(r.mm).padStart(2, "0")}`,
          runDays: r.runDays,
          tickIntervalHours: r.interval,
          anchorDate: new Date(z("2025-01-01T00:00") + r.anchorDay * D).toISOString().slice(0, 10),
        };
        const first = nextSlotAfter(c, z("2000-01-01T00:00"));
        if (first === null) {
          expect(longestSlotGapHours(c)).toBeNull();
          return;
        }
        const from = r.fromHours === null ? undefined : first + r.fromHours * H + r.mm * 60_000;
        const start = from ?? first;
        const periodMs = ((168 * r.interval) / gcd(168, r.interval)) * H; // lcm(7 days, interval)
        const spanEnd = start + 371 * D + periodMs;
        const list = explicitSlots(c, start, start + 2 * 365 * D + 2 * periodMs + 2 * D);
        // (And slotsBetween, which reads offsets once a day away from transitions, lists the same.)
        expect(slotsBetween(c, start - 1, list[list.length - 1])).toEqual(list);
        let inSpan = 0;
        let anywhere = 0;
        for (let i = 1; i < list.length; i++) {
          const gap = (list[i] - list[i - 1]) / H;
          if (list[i - 1] < spanEnd) inSpan = Math.max(inSpan, gap);
          anywhere = Math.max(anywhere, gap);
        }
        const got = longestSlotGapHours(c, from);
        expect(got).toBe(inSpan);
        // N: the pattern's longest naive gap, from the run-day test over two periods of k.
        const [y, m, d] = c.anchorDate.split("-").map(Number);
        const n0 = Date.UTC(y, m - 1, d, r.hh, r.mm);
        const P = 168 / gcd(168, r.interval);
        let N = 0;
        for (let k = 0, prev = -1; k < 2 * P; k++) {
          if (!r.runDays.includes(new Date(n0 + k * r.interval * H).getUTCDay() || 7)) continue;
          if (prev >= 0) N = Math.max(N, (k - prev) * r.interval);
          prev = k;
        }
        const R = offsetRange[r.timezone];
        expect(got).toBeGreaterThanOrEqual(N - R);
        expect(anywhere).toBeLessThanOrEqual(N + R);
        expect(anywhere).toBeLessThanOrEqual(got! + 2 * R);
      }),
      { numRuns: 120 },
    );
  });
});
