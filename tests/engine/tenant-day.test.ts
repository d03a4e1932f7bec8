// The gap bound of tenant-day reservations at scale (docs/adr/0008-tenant-day-reservations.md), pure: no
// database, the real planner (lib/engine/tenant-day.ts through lib/tick/ledger.ts) and the real
// selection (lib/tick/plan.ts), driven tick by tick like the tick does it
// (tests/helpers/tenant-day-sim.ts; tests/db/tenant-simulation.test.ts checks that mirror against
// the real tick on the database, run by run).
//
// 1,000 random tenants under scarcity: 2–10 schedules each, every item a journey (cost 1,
// priority 0), each schedule ticking once a day (tick_interval_hours 24, every day) at its own
// run time and zone with an explicit tick budget b_s, coverage windows of 24–168 h, and a tenant
// daily budget D below Σ b_s. With N items in all, the tenant's day can run each item once every
// ceil(N / D) days and schedule s each of its n_s items once every ceil(n_s / b_s) ticks, so
//   bound = max(ceil(N / D), max_s ceil(n_s / b_s)) days
// is the best a rotation can do. Eight weeks each; the longest gap of any item between two runs
// (and since its last run, at the end) must be ≤ bound + 1 tick in at least 95% of the tenants
// and ≤ bound + 3 in every one. The same tenants first come, first served (no reservation: a tick
// may spend all that is left of the day) are the baseline the reservations must beat.
//
// The tenants come from SIM_SEED (vitest.config.ts: fixed unless set); tenant #k from
// (SIM_SEED, k), printed with its setup when it fails. TENANT_DAY_TENANTS=<n> runs fewer or more.
import { describe, expect, it } from "vitest";
import { DAY, MINUTE, prng } from "../helpers/sim-oracle";
import { type PureTenant, type PureTick, journeyItems, runTenant, scheduleRow } from "../helpers/tenant-day-sim";
import { seedFromEnv } from "../setup/seeds";

const SEED = seedFromEnv("SIM_SEED");
const TENANTS = Number(process.env.TENANT_DAY_TENANTS ?? 1000);
const WEEKS = 8;
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Asia/Tokyo",
  "Pacific/Auckland",
] as const;

type Setup = {
  index: number;
  start: number;
  timezone: string;
  dailyBudget: number;
  schedules: { id: string; timezone: string; runTime: string; window: number; budget: number; items: number }[];
  bound: number;
  /**
   * Agents a day the coverage windows ask for: Σ_s min(b_s, n_s / slots per window), the slots per
   * window of a daily schedule being floor(window / 24 h). Above D, some windows cannot be met.
   */
  windowDemand: number;
};

/** Tenant #index of the run: drawn from (SIM_SEED, index) alone, so one tenant replays alone. */
function drawTenant(index: number): Setup {
  const rnd = prng(SEED * 7919 + index);
  const start = Date.UTC(2026, 0, 5) + rnd.int(0, 300) * DAY + rnd.int(0, 24 * 60 - 1) * MINUTE;
  const count = rnd.int(2, 10);
  const schedules = Array.from({ length: count }, (_, k) => {
    const budget = rnd.int(1, 5);
    return {
      id: `t${index}-s${k}`,
      timezone: rnd.pick(ZONES),
      runTime: `${String(rnd.int(0, 23)).padStart(2, "0")}:${rnd.pick(["00", "15", "30", "45"])}`,
      window: rnd.int(24, 168),
      budget,
      items: rnd.int(1, 4 * budget),
    };
  });
  const sumB = schedules.reduce((a, s) => a + s.budget, 0);
  const N = schedules.reduce((a, s) => a + s.items, 0);
  // Scarcity: D < Σ b_s; at least a tenth of N, so a rotation takes at most ~10 days (several
  // rotations in eight weeks).
  const low = Math.max(1, Math.ceil(N / 10));
  const dailyBudget = low > sumB - 1 ? sumB - 1 : rnd.int(low, sumB - 1);
  const bound = Math.max(Math.ceil(N / dailyBudget), ...schedules.map((s) => Math.ceil(s.items / s.budget)));
  const windowDemand = schedules.reduce((a, s) => a + Math.min(s.budget, s.items / Math.max(1, Math.floor(s.window / 24))), 0);
  return { index, start, timezone: rnd.pick(ZONES), dailyBudget, schedules, bound, windowDemand };
}

function build(setup: Setup): PureTenant {
  return {
    timezone: setup.timezone,
    dailyBudget: setup.dailyBudget,
    schedules: setup.schedules.map((s) => ({
      row: scheduleRow({
        id: s.id,
        tenantId: `t${setup.index}`,
        timezone: s.timezone,
        runTime: s.runTime,
        coverageWindowHours: s.window,
        dailyBudget: s.budget,
        createdAt: setup.start,
      }),
      items: journeyItems(s.id, s.items, setup.start),
    })),
  };
}

type Outcome = {
  setup: Setup;
  /** Longest gap of any item in ticks of its schedule: between runs, or since its last run at the end. */
  maxGap: number;
  /** Where: item, and the gap's ticks. */
  worst: string;
  /** The longest gap is still open at the end (the item has not run since). */
  open: boolean;
  /** The longest gap exceeds the item's own coverage window too (in whole ticks). */
  pastWindow: boolean;
  /** Longest wait for a first run, in ticks from the schedule's creation (∞: some item never ran). */
  maxFirst: number;
  ticks: number;
  violations: string[];
};

function simulate(setup: Setup, reserve: boolean): Outcome {
  const tenant = build(setup);
  const tickNo = new Map<string, number>(); // ticks so far, per schedule
  const runs = new Map<string, number[]>(); // item → tick numbers (1-based) it ran at
  const usage = new Map<string, number>();
  const violations: string[] = [];
  const onTick = (t: PureTick) => {
    const k = (tickNo.get(t.scheduleId) ?? 0) + 1;
    tickNo.set(t.scheduleId, k);
    for (const id of t.ran) runs.set(id, [...(runs.get(id) ?? []), k]);
    // Property 1: within the tick budget and what the day allowed the tick; the day within D.
    if (t.spent > Math.min(t.tickBudget, t.remainingBefore - t.reserved) || t.reserved > t.remainingBefore) {
      violations.push(`${t.scheduleId} at ${new Date(t.at).toISOString()}: spent ${t.spent}, ${JSON.stringify(t)}`);
    }
    if ((usage.get(t.day) ?? 0) > setup.dailyBudget) violations.push(`${t.day}: ${usage.get(t.day)} > D ${setup.dailyBudget}`);
  };
  runTenant(tenant, setup.start + WEEKS * 7 * DAY, { reserve, usage, onTick });
  let maxGap = 0;
  let worst = "";
  let open = false;
  let pastWindow = false;
  let maxFirst = 0;
  for (const s of tenant.schedules) {
    const last = tickNo.get(s.row.id) ?? 0;
    for (const i of s.items) {
      const r = runs.get(i.id) ?? [];
      maxFirst = Math.max(maxFirst, r.length === 0 ? Infinity : r[0]!);
      for (let j = 0; j < r.length; j++) {
        const gap = (j + 1 < r.length ? r[j + 1]! : last) - r[j]!;
        if (gap > maxGap) {
          maxGap = gap;
          open = j + 1 === r.length;
          pastWindow = gap * 24 > s.row.coverageWindowHours;
          worst = `${i.id}: ${gap} ticks from its tick #${r[j]}${j + 1 < r.length ? "" : " to the end (open)"}`;
        }
      }
    }
  }
  return { setup, maxGap, worst, open, pastWindow, maxFirst, ticks: [...tickNo.values()].reduce((a, b) => a + b, 0), violations };
}

const describeSetup = (s: Setup) =>
  `tenant #${s.index} (SIM_SEED=${SEED}): zone ${s.timezone}, D = ${s.dailyBudget}, from ${new Date(s.start).toISOString()}, ` +
  `N = ${s.schedules.reduce((a, x) => a + x.items, 0)}, Σb = ${s.schedules.reduce((a, x) => a + x.budget, 0)}, bound ${s.bound} days; schedules ` +
  s.schedules.map((x) => `${x.id} ${x.timezone} ${x.runTime} window ${x.window} h, b ${x.budget}, n ${x.items}`).join("; ");

describe("tenant-day reservations: the gap bound over 1,000 random tenants (pure)", () => {
  it(`${TENANTS} tenants × ${WEEKS} weeks: the longest gap ≤ max(ceil(N/D), max ceil(n_s/b_s)) days + 1 tick in ≥ 95% of tenants, + 3 in all; first come, first served does worse`, () => {
    const t0 = performance.now();
    const setups = Array.from({ length: TENANTS }, (_, k) => drawTenant(k));
    const reserved = setups.map((s) => simulate(s, true));
    const t1 = performance.now();
    const fcfs = setups.map((s) => simulate(s, false));
    const t2 = performance.now();

    const tally = (xs: Outcome[]) => ({
      exact: xs.filter((o) => o.maxGap <= o.setup.bound).length,
      plusOne: xs.filter((o) => o.maxGap === o.setup.bound + 1).length,
      beyond: xs.filter((o) => o.maxGap > o.setup.bound + 1),
      firstBeyond: xs.filter((o) => o.maxFirst > o.setup.bound + 1).length,
      neverRun: xs.filter((o) => o.maxFirst === Infinity).length,
    });
    const r = tally(reserved);
    const f = tally(fcfs);
    const ticks = reserved.reduce((a, o) => a + o.ticks, 0);
    console.log(
      `tenant-day gap bound (SIM_SEED=${SEED}): ${TENANTS} tenants, ${ticks} ticks; ` +
        `reservations: ${r.exact} within the bound, ${r.plusOne} at bound + 1, ${r.beyond.length} beyond ` +
        `(first runs: ${r.firstBeyond} tenants wait longer than bound + 1, ${r.neverRun} with an item never run) in ${((t1 - t0) / 1000).toFixed(1)} s; ` +
        `first come, first served: ${f.exact} within, ${f.plusOne} at + 1, ${f.beyond.length} beyond ` +
        `(first runs: ${f.firstBeyond} longer than bound + 1, ${f.neverRun} never run) in ${((t2 - t1) / 1000).toFixed(1)} s`,
    );
    const split = (xs: Outcome[]) => {
      const over = xs.filter((o) => o.setup.windowDemand > o.setup.dailyBudget);
      return (
        `${over.length} of them with windows asking more than D (${over.filter((o) => o.open).length} with an item not run since, at the end), ` +
        `${xs.length - over.length} with windows D covers (${xs.filter((o) => o.setup.windowDemand <= o.setup.dailyBudget && o.pastWindow).length} past the item's window too)`
      );
    };
    console.log(
      `tenants beyond bound + 1 with reservations: ${split(r.beyond)}; first come, first served: ${split(f.beyond)}; ` +
        `tenants with windows asking more than D: ${setups.filter((s) => s.windowDemand > s.dailyBudget).length} of ${TENANTS}`,
    );
    // How far beyond, and whether within the allowance docs/adr/0008-tenant-day-reservations.md
    // makes for windows that differ (a long-window item waits for its deadline before it competes):
    // bound + 1 tick + the spread of the tenant's windows in days.
    const excess = new Map<number, number>();
    for (const o of r.beyond) excess.set(o.maxGap - o.setup.bound - 1, (excess.get(o.maxGap - o.setup.bound - 1) ?? 0) + 1);
    const spread = (x: Setup) => Math.ceil((Math.max(...x.schedules.map((y) => y.window)) - Math.min(...x.schedules.map((y) => y.window))) / 24);
    const pastSpread = r.beyond.filter((o) => o.maxGap > o.setup.bound + 1 + spread(o.setup));
    console.log(
      `beyond bound + 1 with reservations, by how many ticks: ${[...excess].sort((a, b) => a[0] - b[0]).map(([k, n]) => `+${k}: ${n}`).join(", ")}; ` +
        `${pastSpread.length} beyond bound + 1 + the spread of the tenant's windows in days` +
        pastSpread.slice(0, 3).map((o) => `; gap ${o.maxGap} > ${o.setup.bound} + 1 + ${spread(o.setup)} (${o.worst}): ${describeSetup(o.setup)}`).join(""),
    );
    for (const o of r.beyond.slice(0, 10)) console.log(`beyond bound + 1: gap ${o.maxGap} > ${o.setup.bound} + 1 (${o.worst}); ${describeSetup(o.setup)}`);

    const broken = reserved.filter((o) => o.violations.length > 0);
    expect(broken.map((o) => `${describeSetup(o.setup)}: ${o.violations.slice(0, 3).join("; ")}`), "property 1").toEqual([]);
    // The bound within one tick for at least 95% of the tenants (measured on SIM_SEED=1337: 968 of
    // 1,000), and never more than two ticks past that. The misses are tenants whose windows differ
    // widely while the day still covers every due item: due items then take the day first, and a
    // long-window item runs at its deadline rather than on the round robin's turn (ADR 0008).
    expect(r.exact + r.plusOne, `tenants within bound + 1 tick (SIM_SEED=${SEED})`).toBeGreaterThanOrEqual(Math.ceil(TENANTS * 0.95));
    expect(
      r.beyond.filter((o) => o.maxGap > o.setup.bound + 3).map((o) => `gap ${o.maxGap} ticks > bound ${o.setup.bound} + 3 (${o.worst}); ${describeSetup(o.setup)}`),
      `longest gap ≤ bound + 3 ticks (SIM_SEED=${SEED})`,
    ).toEqual([]);
    expect(r.beyond.length, `the reservations beat first come, first served (SIM_SEED=${SEED})`).toBeLessThan(f.beyond.length);
  }, 600_000);
});
