// Races need real connections: PGlite has one, so this suite runs on PostgreSQL only
// (TEST_DATABASE_URL; vitest.config.ts lists it in `postgresOnly`).
//
// Tenant-day reservations under concurrency (docs/adr/0008-tenant-day-reservations.md): ticks of
// different schedules of one tenant, each in its own transaction on its own connection, never spend
// what the tenant's day keeps for another schedule's tick later today. Each round, on a seeded
// random tenant: schedule B (auto budget, 24 h window) has all its items due at its one tick this
// evening; several other schedules (explicit budgets, long windows, so nothing of theirs is due)
// are triggered many times at once mid-morning, racing a cron pass. Then the rest of the day is
// driven by cron passes. B's tick must still get its due cost, the day never exceeds the tenant's
// budget, and the runs' budget records show the ticks took the tenant-day lock one after another.
//
// The rounds come from the run's SIM_SEED (fixed unless set: vitest.config.ts); the seed of a
// round is in its name and in the message of any failure: SIM_SEED=<n> replays it.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/lib/db";
import { agents, scheduleRuns, tenantDailyUsage } from "@/lib/db/schema";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickSchedule, type RunRow } from "@/lib/tick/tick";
import { createTestDb, type TestDb } from "../helpers/databases";
import { DAY, HOUR, MINUTE, localDateOf, oracleInstant, prng, type Prng } from "../helpers/sim-oracle";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";
import { seedFromEnv } from "../setup/seeds";

const BASE_SEED = seedFromEnv("SIM_SEED");
const ROUNDS = 5;
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"];

const hhmm = (h: number, m = 0) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;

type Scenario = {
  tz: string;
  /** The tenant-local day of the race, "YYYY-MM-DD". */
  day: string;
  budget: number;
  b: { journeys: number; hour: number };
  others: { journeys: number; budget: number; interval: number }[];
  /** Local minutes after 10:00 of the race. */
  raceMinute: number;
  triggers: { other: number; offsetMs: number }[];
  cronInRace: number;
  /** After B's tick: a second, smaller burst of triggers (reserved for the others' later ticks). */
  lateTriggers: { other: number; offsetMs: number }[];
};

function scenario(rnd: Prng): Scenario {
  const day = new Date(Date.parse("2026-05-04T00:00:00Z") + rnd.int(0, 40) * DAY).toISOString().slice(0, 10);
  const bJourneys = rnd.int(1, 5);
  const others = Array.from({ length: rnd.int(2, 4) }, () => ({
    journeys: rnd.int(3, 8),
    budget: rnd.int(2, 4),
    interval: rnd.pick([24, 12, 8, 6]),
  }));
  const triggers = (n: number) => Array.from({ length: n }, () => ({ other: rnd.int(0, others.length - 1), offsetMs: rnd.int(0, 5_000) }));
  return {
    tz: rnd.pick(ZONES),
    day,
    budget: bJourneys + rnd.int(1, 8),
    b: { journeys: bJourneys, hour: rnd.int(15, 20) },
    others,
    raceMinute: rnd.int(0, 30),
    triggers: triggers(rnd.int(8, 24)),
    cronInRace: rnd.int(1, 2),
    lateTriggers: triggers(rnd.int(2, 8)),
  };
}

/** The instant of local `day` + `minutes` in `tz` (the oracle, not lib/engine). */
function localAt(tz: string, day: string, minutes: number): number {
  return oracleInstant(tz, Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE);
}

/** Earliest next_tick_at of the tenant's live schedules. */
async function nextDue(db: Db, tenantId: string): Promise<number | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select min(next_tick_at) as at from schedules where tenant_id = ${tenantId} and enabled and deleted_at is null`,
  );
  return row?.at == null ? null : new Date(row.at).getTime();
}

/** Cron passes event by event from `from` until before `to`: each 30 s after the earliest due slot. */
async function drive(db: Db, tenantId: string, from: number, to: number): Promise<number> {
  let cursor = from;
  for (;;) {
    const due = await nextDue(db, tenantId);
    if (due === null) return cursor;
    const at = Math.max(due, cursor) + 30_000;
    if (at >= to) return cursor;
    const res = await cronPass(db, { now: new Date(at) });
    expect(res.failed).toBe(0);
    expect(res.retry).toBe(0);
    cursor = at;
  }
}

async function dayUsed(db: Db, tenantId: string, day: string): Promise<number> {
  const [row] = await db
    .select({ used: tenantDailyUsage.used })
    .from(tenantDailyUsage)
    .where(and(eq(tenantDailyUsage.tenantId, tenantId), eq(tenantDailyUsage.localDate, day)));
  return row?.used ?? 0;
}

async function round(db: Db, seed: number) {
  const sc = scenario(prng(seed));
  const { tz, day } = sc;
  const created = new Date(localAt(tz, day, -4 * 60)); // 20:00 the evening before
  const dayStart = localAt(tz, day, 0);
  const dayEnd = localAt(tz, day, 24 * 60);

  const { tenant, project } = await makeTenant(db, created, { budget: sc.budget, timezone: tz });
  const bJourneys = await makeJourneys(db, tenant.id, project.id, sc.b.journeys, created);
  const b = await makeSchedule(db, tenant, project.id, created, {
    name: "B",
    timezone: tz,
    run_time: hhmm(sc.b.hour),
    coverage_window_hours: 24,
    daily_budget: null,
  });
  const bItems = await addJourneyItems(db, tenant.id, b.id, bJourneys.map((j) => j.id), created);
  const others: string[] = [];
  for (const [k, o] of sc.others.entries()) {
    const js = await makeJourneys(db, tenant.id, project.id, o.journeys, created);
    const s = await makeSchedule(db, tenant, project.id, created, {
      name: `O${k}`,
      timezone: tz,
      run_time: "10:00",
      tick_interval_hours: o.interval,
      coverage_window_hours: 168,
      daily_budget: o.budget,
    });
    await addJourneyItems(db, tenant.id, s.id, js.map((j) => j.id), created);
    others.push(s.id);
  }
  const bSlot = localAt(tz, day, sc.b.hour * 60);
  expect(b.next_tick_at).toBe(new Date(bSlot).toISOString());

  // The morning's cron passes, then the race: many triggers of the other schedules and cron passes
  // at once, each transaction on its own connection.
  const raceAt = localAt(tz, day, 10 * 60 + sc.raceMinute);
  await drive(db, tenant.id, dayStart, raceAt);
  const burst = async (at: number, triggers: Scenario["triggers"], crons: number) => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < crons; i++) work.push(cronPass(db, { now: new Date(at) }));
    for (const t of triggers) {
      const now = new Date(at + t.offsetMs);
      work.push(tickSchedule(db, { trigger: "manual", scheduleId: others[t.other]!, tenantId: tenant.id, now }));
    }
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  };
  await burst(raceAt, sc.triggers, sc.cronInRace);
  // Nothing of B's has run yet, and what its tick needs is still there.
  const afterRace = await dayUsed(db, tenant.id, day);
  expect(afterRace, "the race spent what B's tick needs").toBeLessThanOrEqual(sc.budget - sc.b.journeys);
  const early = await db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, b.id));
  expect(early).toEqual([]);

  // The rest of the day by cron, with a second burst an hour after B's tick.
  const lateAt = bSlot + HOUR;
  await drive(db, tenant.id, raceAt + 5_000, lateAt);
  await burst(lateAt, sc.lateTriggers, 0);
  await drive(db, tenant.id, lateAt + 5_000, dayEnd);

  // B's one tick today got its due cost: every item, within its auto budget.
  const bRuns = await db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, b.id));
  expect(bRuns).toHaveLength(1);
  const bRun = bRuns[0]!;
  expect(bRun).toMatchObject({ trigger: "cron", status: "dispatched" });
  expect(bRun.slotAt.getTime()).toBe(bSlot);
  expect(bRun.budget.tick).toBe(sc.b.journeys);
  expect(bRun.budget.spent).toBe(sc.b.journeys);
  expect(bRun.budget.tenant_remaining_before - bRun.budget.reserved_for_others!).toBeGreaterThanOrEqual(sc.b.journeys);
  expect(new Set(bRun.selected.map((s) => s.item_id))).toEqual(new Set(bItems.map((i) => i.id)));

  // Every run of the day: within its tick budget, and within what the day left it after the others' reservations.
  const runs = await db.select().from(scheduleRuns).where(eq(scheduleRuns.tenantId, tenant.id));
  expect(runs.length).toBeGreaterThan(sc.triggers.length);
  for (const r of runs) {
    const label = `${r.trigger} run of ${r.scheduleId === b.id ? "B" : `O${others.indexOf(r.scheduleId)}`} at ${r.startedAt.toISOString()}`;
    expect(localDateOf(tz, r.startedAt.getTime()), label).toBe(day);
    const { tick, tenant_remaining_before: before, reserved_for_others: reserved, spent } = r.budget;
    expect(reserved, label).toBeTypeOf("number");
    expect(reserved!, label).toBeGreaterThanOrEqual(0);
    expect(reserved!, label).toBeLessThanOrEqual(before);
    expect(spent, label).toBeLessThanOrEqual(before - reserved!);
    expect(spent, label).toBeLessThanOrEqual(tick);
    expect(r.selected.reduce((n, s) => n + s.agent_ids.length, 0), label).toBe(spent);
    // Before B's tick, the others' ticks saw B's due cost set aside.
    if (r.scheduleId !== b.id && r.startedAt.getTime() < bSlot) expect(reserved!, label).toBeGreaterThanOrEqual(Math.min(before, sc.b.journeys));
  }
  // The tenant-day lock serializes the spending ticks: ordered by what they saw left, each saw
  // exactly the budget less what those before it spent (no two spent from the same remainder).
  const chain = [...runs].sort(
    (x, y) => y.budget.tenant_remaining_before - x.budget.tenant_remaining_before || x.budget.spent - y.budget.spent,
  );
  let left = sc.budget;
  for (const r of chain) {
    expect(r.budget.tenant_remaining_before, `run ${r.id}: ${describeRun(r)}`).toBe(left);
    left -= r.budget.spent;
  }

  // The day's total: the counter, the runs and the agents agree, and never exceed the budget.
  const spent = runs.reduce((n, r) => n + r.budget.spent, 0);
  const [agentCount] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${agents} where tenant_id = ${tenant.id}`);
  expect(await dayUsed(db, tenant.id, day)).toBe(spent);
  expect(agentCount!.n).toBe(spent);
  expect(spent).toBeLessThanOrEqual(sc.budget);
}

function describeRun(r: RunRow): string {
  return `${r.trigger} ${r.startedAt.toISOString()} ${JSON.stringify(r.budget)}`;
}

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("tenant-day reservations under concurrent ticks [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 32 });
  });
  afterAll(async () => db?.close());

  for (let r = 0; r < ROUNDS; r++) {
    const seed = BASE_SEED + r;
    it(`round ${r} (seed ${seed}): concurrent ticks of other schedules leave B its reservation`, async () => {
      try {
        await round(db.db, seed);
      } catch (err) {
        console.error(`tenant-day reservations race failed: seed ${seed} (replay with SIM_SEED=${BASE_SEED}), scenario ${JSON.stringify(scenario(prng(seed)))}`);
        if (err instanceof Error) err.message = `[seed ${seed}, SIM_SEED=${BASE_SEED}] ${err.message}`;
        throw err;
      }
    });
  }
});
