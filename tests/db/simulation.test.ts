// Simulation of the REAL tick engine on the REAL database (docs/engine.md, properties 1–7): nine weeks of
// virtual time driven event by event through cronPass (next pass = earliest next_tick_at + a small
// random delay), with manual triggers, items added and removed, the tenant cap changed, duplicate
// passes and one downtime (tests/helpers/sim-scenario.ts). Everything is then checked from the rows
// (schedule_runs, agents, schedule_items, tenant_daily_usage) against independent models: a slot
// oracle that does not use lib/engine (tests/helpers/sim-oracle.ts) and the scenario's own log.
// Focused tests pin the slots across both 2026 DST changes of Berlin, New York and Lord Howe.
//
// The scenario (the script: schedules, items, actions, delays) comes from the run's SIM_SEED: fixed
// unless set (vitest.config.ts), so every run checks the same scenario; SIM_SEED=<n> replays another
// and SIM_SEED=random explores. The seed is printed before the scenario runs and again on failure.
// Ties between equally stale items are broken by a hash of their UUIDs, so a replay can pick
// differently among equals.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/lib/db";
import { agents, scheduleItems, scheduleRuns, schedules, tenantDailyUsage } from "@/lib/db/schema";
import { cronPass } from "@/lib/tick/cron-pass";
import { createTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { DAY, HOUR, localDateOf, localReading, longestGap, oracleSlots, type OracleConfig } from "../helpers/sim-oracle";
import { type RunLike, type SimItem, type SimLog, type SimSchedule, budgetAt, runScenario } from "../helpers/sim-scenario";
import { makeSchedule, makeTenant } from "../helpers/world";
import { seedFromEnv } from "../setup/seeds";

const SEED = seedFromEnv("SIM_SEED");
const WEEKS = 9;

const iso = (t: number) => new Date(t).toISOString();
/** "YYYY-MM-DD HH:MM" local reading of `t` in `tz` (oracle, not the engine). */
const wall = (tz: string, t: number) => new Date(localReading(tz, t)).toISOString().slice(0, 16).replace("T", " ");

/** Earliest next_tick_at over the given schedules (enabled, not deleted). */
async function nextDue(db: Db, ids: string[]): Promise<number | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select min(next_tick_at) as at from schedules
         where enabled and deleted_at is null and id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return row?.at == null ? null : new Date(row.at).getTime();
}

async function cronSlots(db: Db, scheduleId: string): Promise<number[]> {
  const rows = await db
    .select({ slotAt: scheduleRuns.slotAt })
    .from(scheduleRuns)
    .where(and(eq(scheduleRuns.scheduleId, scheduleId), eq(scheduleRuns.trigger, "cron")))
    .orderBy(scheduleRuns.slotAt);
  return rows.map((r) => r.slotAt.getTime());
}

/**
 * Drives cron passes event by event over (from, to]: each pass at the earliest next_tick_at plus
 * `delay(i)`. Returns the pass instants.
 */
async function drive(db: Db, ids: string[], to: number, delay: (i: number) => number = () => 0): Promise<number[]> {
  const passes: number[] = [];
  for (let i = 0; ; i++) {
    const due = await nextDue(db, ids);
    if (due === null || due + delay(i) > to) break;
    const now = due + delay(i);
    const res = await cronPass(db, { now: new Date(now) });
    expect(res.failed).toBe(0);
    passes.push(now);
  }
  return passes;
}

for (const kind of testDbKinds()) {
  describe(`tick simulation [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    afterAll(async () => db?.close());

    it("Berlin, every hour across 2026-03-29 and 2026-10-25: every local hour once, none skipped or doubled", async () => {
      const tz = "Europe/Berlin";
      for (const [created, until, expectedLocal] of [
        [
          "2026-03-28T20:30:00Z",
          "2026-03-29T04:30:00Z",
          // 02:00 does not exist: it moves to the first valid instant, 03:00 CEST, which is also
          // slot 03:00 itself: one slot on that instant.
          ["2026-03-28 22:00", "2026-03-28 23:00", "2026-03-29 00:00", "2026-03-29 01:00", "2026-03-29 03:00", "2026-03-29 04:00", "2026-03-29 05:00", "2026-03-29 06:00"],
        ],
        [
          "2026-10-24T19:30:00Z",
          "2026-10-25T04:30:00Z",
          // 02:00 happens twice: taken once, at the earlier instant (CEST).
          ["2026-10-24 22:00", "2026-10-24 23:00", "2026-10-25 00:00", "2026-10-25 01:00", "2026-10-25 02:00", "2026-10-25 03:00", "2026-10-25 04:00", "2026-10-25 05:00"],
        ],
      ] as const) {
        const createdAt = new Date(created);
        const { tenant, project } = await makeTenant(db.db, createdAt, { timezone: tz });
        const s = await makeSchedule(db.db, tenant, project.id, createdAt, {
          timezone: tz,
          run_time: "00:00",
          tick_interval_hours: 1,
        });
        await drive(db.db, [s.id], Date.parse(until), (i) => (i % 3) * 7_000);
        const slots = await cronSlots(db.db, s.id);
        expect(slots.map((t) => wall(tz, t))).toEqual(expectedLocal);
        const utc = slots.map(iso);
        if (created.startsWith("2026-03")) {
          // Spring forward at 01:00Z: the UTC hours run on without a hole.
          expect(utc).toEqual([21, 22, 23, 24, 25, 26, 27, 28].map((h) => iso(Date.UTC(2026, 2, 28, h))));
        } else {
          // Fall back at 01:00Z: 02:00 CET (01:00Z) is the second reading of 02:00 and is not a slot.
          expect(utc).toEqual([20, 21, 22, 23, 24, 26, 27, 28].map((h) => iso(Date.UTC(2026, 9, 24, h))));
        }
        expect(new Set(utc).size).toBe(utc.length);
      }
    });

    it("Berlin run_time 02:30: nonexistent on 2026-03-29 → 03:00 local, ambiguous on 2026-10-25 → the earlier", async () => {
      const tz = "Europe/Berlin";
      const cases = [
        {
          created: "2026-03-27T12:00:00Z",
          until: "2026-03-31T12:00:00Z",
          utc: ["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-31T00:30:00.000Z"],
          local: ["2026-03-28 02:30", "2026-03-29 03:00", "2026-03-30 02:30", "2026-03-31 02:30"],
        },
        {
          created: "2026-10-23T12:00:00Z",
          until: "2026-10-27T12:00:00Z",
          utc: ["2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z", "2026-10-27T01:30:00.000Z"],
          local: ["2026-10-24 02:30", "2026-10-25 02:30", "2026-10-26 02:30", "2026-10-27 02:30"],
        },
      ];
      for (const c of cases) {
        const createdAt = new Date(c.created);
        const { tenant, project } = await makeTenant(db.db, createdAt, { timezone: tz });
        const s = await makeSchedule(db.db, tenant, project.id, createdAt, { timezone: tz, run_time: "02:30" });
        expect(s.next_tick_at).toBe(c.utc[0]);
        await drive(db.db, [s.id], Date.parse(c.until), (i) => i * 45_000);
        const slots = await cronSlots(db.db, s.id);
        expect(slots.map(iso)).toEqual(c.utc);
        expect(slots.map((t) => wall(tz, t))).toEqual(c.local);
      }
    });

    it("cron slots equal the oracle's across both 2026 DST changes in each zone", async () => {
      // [zone, first change, second change] (Kathmandu has none: a control at +05:45).
      const zones: [string, string, string][] = [
        ["Europe/Berlin", "2026-03-29", "2026-10-25"],
        ["America/New_York", "2026-03-08", "2026-11-01"],
        ["Australia/Lord_Howe", "2026-04-05", "2026-10-04"],
        ["Asia/Kathmandu", "2026-03-29", "2026-10-25"],
      ];
      const configs = [
        { run_time: "00:00", tick_interval_hours: 1, run_days: [1, 2, 3, 4, 5, 6, 7] },
        { run_time: "01:45", tick_interval_hours: 5, run_days: [1, 2, 3, 4, 5, 6, 7] },
        { run_time: "01:45", tick_interval_hours: 24, run_days: [1, 2, 3, 4, 5, 6, 7] },
        { run_time: "02:00", tick_interval_hours: 24, run_days: [1, 2, 3, 4, 5, 6, 7] },
        { run_time: "02:30", tick_interval_hours: 24, run_days: [3, 4, 6, 7] },
        { run_time: "01:30", tick_interval_hours: 8, run_days: [3, 4, 6, 7] },
        { run_time: "23:15", tick_interval_hours: 48, run_days: [1, 3, 5, 7] },
      ];
      let checked = 0;
      for (const [tz, ...changes] of zones) {
        for (const change of tz === "Asia/Kathmandu" ? changes.slice(0, 1) : changes) {
          // Two days around the change (the change happens on its local date, so between the
          // previous day 12:00Z and the day after).
          const createdAt = Date.parse(`${change}T12:00:00Z`) - 36 * HOUR;
          const until = createdAt + 48 * HOUR;
          const { tenant, project } = await makeTenant(db.db, new Date(createdAt), { timezone: tz });
          const made: { id: string; cfg: OracleConfig }[] = [];
          for (const c of configs) {
            const s = await makeSchedule(db.db, tenant, project.id, new Date(createdAt), { timezone: tz, ...c });
            const [row] = await db.db.select().from(schedules).where(eq(schedules.id, s.id));
            made.push({
              id: s.id,
              cfg: { timezone: tz, runTime: c.run_time, runDays: c.run_days, tickIntervalHours: c.tick_interval_hours, anchorDate: row!.anchorDate },
            });
          }
          const passes = await drive(db.db, made.map((m) => m.id), until, (i) => (i % 4) * 20_000);
          for (const m of made) {
            const expected = oracleSlots(m.cfg, createdAt, passes[passes.length - 1]!);
            const got = await cronSlots(db.db, m.id);
            expect(got.map(iso), `${tz} ${change} ${JSON.stringify(m.cfg)}`).toEqual(expected.map(iso));
            checked += got.length;
          }
        }
      }
      expect(checked).toBeGreaterThan(300);
    });

    it(`${WEEKS} weeks of cron passes on random schedules: properties 1–7, slots, forecast`, async () => {
      let log: SimLog | undefined;
      console.log(`tick simulation [${kind}]: SIM_SEED=${SEED}`);
      try {
        log = await runScenario(db.db, SEED, { weeks: WEEKS });
        await checkSimulation(db.db, log);
      } catch (err) {
        console.error(`tick simulation [${kind}] failed: replay with SIM_SEED=${SEED}${log ? ` (${log.season})` : ""}`);
        if (err instanceof Error) err.message = `[SIM_SEED=${SEED}] ${err.message}`;
        throw err;
      }
    }, 120_000);
  });
}

const H = (ms: number) => Math.round((ms / HOUR) * 1000) / 1000;

/** Everything the scenario wrote, checked against its log and the slot oracle. */
async function checkSimulation(db: Db, log: SimLog) {
  const ids = log.schedules.map((s) => s.id);
  const schedById = new Map(log.schedules.map((s) => [s.id, s]));
  const itemById = new Map(log.items.map((i) => [i.id, i]));
  const runs = (await db.select().from(scheduleRuns).where(inArray(scheduleRuns.scheduleId, ids))) as RunLike[];
  const agentRows = await db
    .select({
      id: agents.id,
      runId: agents.runId,
      itemId: agents.itemId,
      journeyId: agents.journeyId,
      testPlanId: agents.testPlanId,
      tenantId: agents.tenantId,
      status: agents.status,
      createdAt: agents.createdAt,
    })
    .from(agents)
    .where(inArray(agents.scheduleId, ids));
  const itemRows = await db.select().from(scheduleItems).where(inArray(scheduleItems.scheduleId, ids));
  const usage = await db
    .select()
    .from(tenantDailyUsage)
    .where(inArray(tenantDailyUsage.tenantId, log.tenants.map((t) => t.row.id)));
  const schedRows = await db.select().from(schedules).where(inArray(schedules.id, ids));
  const lastPass = log.passes[log.passes.length - 1]!;
  const agentsByRun = new Map<string, typeof agentRows>();
  for (const a of agentRows) agentsByRun.set(a.runId!, [...(agentsByRun.get(a.runId!) ?? []), a]);
  const runsOf = (s: SimSchedule) =>
    runs.filter((r) => r.scheduleId === s.id).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const cronOf = (s: SimSchedule) =>
    runs.filter((r) => r.scheduleId === s.id && r.trigger === "cron").sort((a, b) => a.slotAt.getTime() - b.slotAt.getTime());

  // ── Size: at least eight weeks of passes, every schedule ticking.
  expect(lastPass - log.passes[0]!).toBeGreaterThanOrEqual(8 * 7 * DAY);
  for (const s of log.schedules) expect(cronOf(s).length, `${s.role} ticks`).toBeGreaterThanOrEqual(3);

  // ── Slots (oracle) and property 7, exactly once.
  const { from: downFrom, to: downTo, catchUpPass } = log.downtime;
  expect(catchUpPass).not.toBeNull();
  const lastPassBeforeDown = Math.max(...log.passes.filter((p) => p < downFrom));
  let missedInDowntime = 0;
  for (const s of log.schedules) {
    const row = schedRows.find((r) => r.id === s.id)!;
    expect(row.anchorDate, "anchor date = local creation date").toBe(localDateOf(s.cfg.timezone, s.createdAt));
    const oracle = oracleSlots(s.cfg, s.createdAt, lastPass + 14 * DAY);
    // The cron pass ticks the latest slot passed, once: per pass, the latest oracle slot ≤ the
    // pass, when it is newer than the one ticked before.
    const expected: number[] = [];
    let j = -1;
    for (const p of log.passes) {
      while (j + 1 < oracle.length && oracle[j + 1]! <= p) j++;
      if (j >= 0 && (expected.length === 0 || oracle[j]! > expected[expected.length - 1]!)) expected.push(oracle[j]!);
    }
    const cron = cronOf(s);
    const got = cron.map((r) => r.slotAt.getTime());
    expect(new Set(got).size, `${s.role}: one cron run per slot`).toBe(got.length);
    expect(got.map(iso), `${s.role} ${JSON.stringify(s.cfg)}: cron slots vs oracle`).toEqual(expected.map(iso));
    // Downtime: one catch-up tick (in the first pass after it) for the latest slot passed.
    const missed = oracle.filter((t) => t > lastPassBeforeDown && t <= catchUpPass!);
    missedInDowntime = Math.max(missedInDowntime, missed.length);
    const inDown = cron.filter((r) => r.startedAt.getTime() >= downFrom && r.startedAt.getTime() < downTo);
    expect(inDown, "no tick while down").toEqual([]);
    const catchUp = cron.filter((r) => r.startedAt.getTime() === catchUpPass);
    if (missed.length > 0) {
      expect(catchUp.map((r) => iso(r.slotAt.getTime())), `${s.role}: one catch-up tick`).toEqual([iso(missed[missed.length - 1]!)]);
    } else {
      expect(catchUp).toEqual([]);
    }
    // next_tick_at: the oracle's first slot after the last pass.
    expect(row.nextTickAt?.toISOString()).toBe(iso(oracle.find((t) => t > lastPass)!));
    // Manual triggers: one run each, at their instant, moving no slot.
    const manual = runsOf(s).filter((r) => r.trigger === "manual").map((r) => iso(r.slotAt.getTime()));
    expect(manual).toEqual(log.manualTriggers.filter((m) => m.scheduleId === s.id).map((m) => iso(m.at)));
  }
  expect(missedInDowntime, "the downtime spans several slots of some schedule").toBeGreaterThanOrEqual(2);
  expect(log.duplicatePasses).toBeGreaterThan(0);

  // ── Property 1, budget: per run, then per tenant-local day.
  const agentIds = new Set<string>();
  for (const r of runs) {
    const b = r.budget;
    const s = schedById.get(r.scheduleId)!;
    expect(b.spent).toBeLessThanOrEqual(b.tick);
    expect(b.spent).toBeLessThanOrEqual(b.tenant_remaining_before);
    expect(b.reserved_for_others).toBeLessThanOrEqual(b.tenant_remaining_before);
    expect(b.spent).toBeLessThanOrEqual(b.tenant_remaining_before - b.reserved_for_others);
    if (s.dailyBudget !== null) expect(b.tick).toBe(s.dailyBudget);
    const mine = agentsByRun.get(r.id) ?? [];
    expect(mine.length, "spent = agents created by the run").toBe(b.spent);
    expect(r.selected.reduce((n, e) => n + e.agent_ids.length, 0)).toBe(b.spent);
    expect(new Set(r.selected.flatMap((e) => e.agent_ids))).toEqual(new Set(mine.map((a) => a.id)));
    for (const e of r.selected) {
      const item = itemById.get(e.item_id)!;
      expect(e.agent_ids.length).toBe(item.cost);
      const js = mine.filter((a) => a.itemId === item.id).map((a) => a.journeyId).sort();
      expect(js).toEqual([...item.journeyIds].sort());
      if (item.planId) expect(mine.filter((a) => a.itemId === item.id).every((a) => a.testPlanId === item.planId)).toBe(true);
    }
    for (const a of mine) {
      expect(agentIds.has(a.id)).toBe(false);
      agentIds.add(a.id);
    }
    expect(r.status === "skipped").toBe(b.spent === 0);
    if (b.spent === 0) expect(["no_items", "budget_exhausted"]).toContain(r.reason);
    if (r.status === "completed") expect(mine.every((a) => a.status === "passed")).toBe(true);
  }
  expect(agentIds.size).toBe(agentRows.length);
  let capBound = 0;
  for (const t of log.tenants) {
    const tRuns = runs
      .filter((r) => schedById.get(r.scheduleId)!.tenant === t)
      // Runs of one pass share an instant; the pass ticks them one after the other, each seeing
      // less of the day left.
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || b.budget.tenant_remaining_before - a.budget.tenant_remaining_before);
    const used = new Map<string, number>();
    for (const r of tRuns) {
      const at = r.startedAt.getTime();
      const day = localDateOf(t.tz, at);
      const before = used.get(day) ?? 0;
      const inForce = budgetAt(t, at);
      if (r.budget.tenant_remaining_before !== Math.max(0, inForce - before)) {
        const sameDay = tRuns.filter((x) => localDateOf(t.tz, x.startedAt.getTime()) === day);
        const trail = sameDay.map((x) => `${iso(x.startedAt.getTime())} ${x.trigger} ${schedById.get(x.scheduleId)!.role} ${JSON.stringify(x.budget)}`);
        expect(r.budget.tenant_remaining_before, `tenant ${t.key}, ${day}, run at ${iso(at)}; the day: ${trail.join("; ")}`).toBe(Math.max(0, inForce - before));
      }
      expect(before + r.budget.spent, `${t.key} ${day}: within the daily budget in force`).toBeLessThanOrEqual(Math.max(before, inForce));
      used.set(day, before + r.budget.spent);
      if (r.budget.tenant_remaining_before < r.budget.tick) capBound++;
      if (t.key === "A") expect(r.budget.tenant_remaining_before).toBeGreaterThanOrEqual(r.budget.tick);
    }
    const agentsPerDay = new Map<string, number>();
    for (const a of agentRows.filter((x) => x.tenantId === t.row.id)) {
      const day = localDateOf(t.tz, a.createdAt.getTime());
      agentsPerDay.set(day, (agentsPerDay.get(day) ?? 0) + 1);
    }
    expect(agentsPerDay).toEqual(new Map([...used].filter(([, n]) => n > 0)));
    const rows = new Map(usage.filter((u) => u.tenantId === t.row.id && u.used > 0).map((u) => [u.localDate, u.used]));
    expect(rows, `${t.key}: tenant_daily_usage = agents per local day`).toEqual(agentsPerDay);
  }
  expect(capBound, "tenant B's cap binds on some ticks").toBeGreaterThan(0);

  // ── Replay every schedule's runs in order: item set, reported state, order of selection
  //    (properties 4, 5 and "the walk never stops early"), last_run_at.
  const lastRun = new Map<string, number>();
  const violations: string[] = [];
  let lateFirstTickRuns = 0;
  let rankChecks = 0;
  // The engine's look-ahead decides the one exception to property 4 below.
  const { deadlineCalculator, withDeadline } = await import("@/lib/engine/deadline");
  const { horizon, planWithNow, rankForTick } = await import("@/lib/engine/lookahead");
  const { slotSource } = await import("@/lib/engine/slots");
  for (const s of log.schedules) {
    const firstSeen = new Set<string>();
    for (const r of runsOf(s)) {
      const at = r.startedAt.getTime();
      const present = s.items.filter((i) => i.addedAt <= at && (i.removedAt === null || i.removedAt > at));
      const seen = [...r.selected.map((e) => e.item_id), ...r.skipped.map((e) => e.item_id)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen), `${s.role} run at ${iso(at)}: items`).toEqual(new Set(present.map((i) => i.id)));
      const anchor = (i: SimItem) => lastRun.get(i.id) ?? i.addedAt;
      const sel = r.selected.map((e) => ({ e, item: itemById.get(e.item_id)! }));
      for (const { e, item } of sel) {
        expect(e.priority).toBe(item.priority);
        expect(e.cost).toBe(item.cost);
        expect(e.never_run).toBe(!lastRun.has(item.id));
      }
      // Due entries (those that must run now to meet their deadline) are taken first.
      const dueFlags = sel.map((x) => x.e.due === true);
      expect(dueFlags, "due entries come first").toEqual([...dueFlags].sort((x, y) => Number(y) - Number(x)));
      // What the tick could spend: its budget, within the tenant's day less what it kept for the
      // tenant's other schedules (docs/adr/0008-tenant-day-reservations.md).
      const effective = Math.min(r.budget.tick, r.budget.tenant_remaining_before - r.budget.reserved_for_others);
      // Ticks that had to choose where properties 4 and 5 decide (non-vacuity of the checks below).
      const skippedIds = new Set(r.skipped.map((k) => k.item_id));
      const tied = (a: SimItem, b: SimItem) => a.priority !== b.priority && anchor(a) === anchor(b);
      const mixed = (a: SimItem, b: SimItem) => a.priority === b.priority && !lastRun.has(a.id) && lastRun.has(b.id);
      if (present.some((a) => present.some((b) => (tied(a, b) || mixed(a, b)) && (skippedIds.has(a.id) || skippedIds.has(b.id))))) {
        rankChecks++;
      }
      const where = `${s.role} ${r.trigger} run at ${iso(r.slotAt.getTime())}`;
      // The engine's look-ahead at this tick, from the replayed state: whether it finds no plan
      // that runs x now with everything selected but `replaced` and still meets every deadline.
      const noPlanInstead = (x: SimItem, replaced: SimItem[]) => {
        const slots = slotSource(s.cfg);
        const deadlineOf = deadlineCalculator(slots, s.window);
        const { runnable } = rankForTick(
          present.map((i) => {
            const base = { id: i.id, priority: i.priority, cost: i.cost, addedAt: i.addedAt, lastRunAt: lastRun.get(i.id) ?? null };
            return withDeadline(base, deadlineOf(base));
          }),
        );
        const slotAt = r.slotAt.getTime();
        const last = horizon(runnable);
        const future = last > slotAt ? slots.between(slotAt, last) : [];
        const now = new Uint8Array(runnable.length);
        runnable.forEach((it, k) => {
          if (it.id === x.id || (sel.some(({ item }) => item.id === it.id) && !replaced.some((y) => y.id === it.id))) now[k] = 1;
        });
        return planWithNow(runnable, future, r.budget.tick, effective, now) === null;
      };
      for (const sk of r.skipped) {
        const x = itemById.get(sk.item_id)!;
        const xNever = !lastRun.has(x.id);
        // The walk never stops early: a skipped item did not fit what was left.
        if (x.cost <= effective - r.budget.spent) {
          violations.push(`${where}: item #${x.key} (cost ${x.cost}) skipped (${sk.reason}) with ${effective - r.budget.spent} left`);
        }
        // Entries that must not have gone before x: 5, an ever-run item of x's priority that was
        // not due, when x has never run; 4, a lower-priority item as stale as x (same anchor, both
        // never run or both not), whatever its cost. The walk met x with at least the budget minus
        // everything else selected left, so x must not have fitted in their place. The one
        // exception, when a lower-priority item (4) is among them: the look-ahead finds no plan
        // that runs x in their place beside everything else selected and meets every deadline —
        // with test plans, running x now can leave an equally stale plan no room later.
        const outranked = sel.filter(
          ({ e, item: y }) =>
            (xNever && !e.never_run && !e.due && y.priority === x.priority) ||
            (y.priority < x.priority && anchor(y) === anchor(x) && lastRun.has(y.id) === !xNever),
        );
        if (outranked.length > 0) {
          const others = sel.filter((y) => !outranked.includes(y)).reduce((n, y) => n + y.item.cost, 0);
          const lowerRan = outranked.some(({ item: y }) => y.priority < x.priority);
          if (x.cost <= effective - others && !(lowerRan && noPlanInstead(x, outranked.map(({ item: y }) => y)))) {
            violations.push(
              `${where}: item #${x.key} (priority ${x.priority}, cost ${x.cost}, ${xNever ? "never run" : `last run ${iso(anchor(x))}`}) ` +
                `skipped (${sk.reason}) while ${outranked.map(({ e, item: y }) => `#${y.key} (priority ${y.priority}, cost ${y.cost}, last run ${iso(anchor(y))}${e.due ? ", due" : ""})`).join(", ")} ran; ` +
                `budget ${JSON.stringify(r.budget)}, selected ${sel.map(({ e, item: y }) => `#${y.key}/p${y.priority}/c${y.cost}${e.due ? "/due" : ""}/${e.never_run ? "new" : iso(anchor(y)).slice(5, 16)}/dl ${String(e.deadline_at).slice(5, 16)}`).join(" ")}`,
            );
          }
        }
      }
      for (const { item } of sel) {
        lastRun.set(item.id, Math.max(lastRun.get(item.id) ?? -Infinity, r.slotAt.getTime()));
        if (item.late && !firstSeen.has(item.id) && r.trigger === "cron") lateFirstTickRuns++;
      }
      for (const i of present) firstSeen.add(i.id);
    }
  }
  expect(violations, "selection order (priority, never-run first, no early stop)").toEqual([]);
  expect(lateFirstTickRuns, "some item added mid-way ran at the next tick").toBeGreaterThan(0);
  expect(rankChecks, "ticks where priority or never-run order decided").toBeGreaterThan(0);
  // last_run_at: the latest run of each item, whatever the order the runs were written in.
  for (const row of itemRows) {
    expect(row.lastRunAt?.getTime() ?? null, `last_run_at of #${itemById.get(row.id)!.key}`).toBe(lastRun.get(row.id) ?? null);
  }
  expect(new Set(itemRows.map((r) => r.id))).toEqual(new Set(log.items.filter((i) => i.removedAt === null).map((i) => i.id)));

  // ── Property 2, coverage: tenant A (its cap never binds), budget auto or ≥ auto.
  const downLen = downTo - downFrom + log.maxDelay;
  const gapsOf = (s: SimSchedule, i: SimItem, from = -Infinity) => {
    const times = runs
      .filter((r) => r.scheduleId === s.id && r.selected.some((e) => e.item_id === i.id))
      .map((r) => r.slotAt.getTime())
      .sort((a, b) => a - b);
    const lastCron = cronOf(s).at(-1)!.slotAt.getTime();
    const out: { from: number; to: number; open: boolean }[] = [];
    let prev = i.addedAt;
    for (const t of times) {
      if (prev >= from) out.push({ from: prev, to: t, open: false });
      prev = t;
    }
    if (i.removedAt === null && lastCron > prev && prev >= from) out.push({ from: prev, to: lastCron, open: true });
    return out;
  };
  const overlapsDown = (g: { from: number; to: number }) => g.from < downTo && g.to > downFrom;
  let coverageChecked = 0;
  for (const s of log.schedules.filter((x) => ["hourly", "cov", "covDaily", "explicit", "stable"].includes(x.role))) {
    const slotGap = longestGap(oracleSlots(s.cfg, s.createdAt, lastPass + 14 * DAY));
    const bound = Math.max(s.window * HOUR, slotGap);
    for (const i of s.items) {
      for (const g of gapsOf(s, i)) {
        const allowed = bound + (overlapsDown(g) ? downLen : 0);
        if (g.to - g.from > allowed) {
          violations.push(`${s.role}: item #${i.key} went ${H(g.to - g.from)} h without a run (${iso(g.from)} → ${iso(g.to)}${g.open ? ", still open" : ""}), bound ${H(allowed)} h`);
        }
        coverageChecked++;
      }
    }
  }
  expect(violations, "coverage").toEqual([]);
  expect(coverageChecked).toBeGreaterThan(200);

  // ── Property 3, rotation under scarcity, counted in ticks (the schedule's cron runs).
  const scarce = log.schedules.find((s) => s.role === "scarce")!;
  const cronRuns = cronOf(scarce);
  const n = scarce.items.length;
  const B = scarce.dailyBudget!;
  const K = Math.ceil(n / B);
  expect(runsOf(scarce).every((r) => r.trigger === "cron")).toBe(true);
  expect(cronRuns.every((r) => r.budget.spent === B), "scarcity: every tick spends its whole budget").toBe(true);
  let longestTicks = 0;
  for (const i of scarce.items) {
    const idx = cronRuns.flatMap((r, k) => (r.selected.some((e) => e.item_id === i.id) ? [k] : []));
    expect(idx[0], `scarce item #${i.key}: first run`).toBeLessThan(K);
    for (let k = 1; k < idx.length; k++) longestTicks = Math.max(longestTicks, idx[k]! - idx[k - 1]!);
    expect(cronRuns.length - 1 - idx[idx.length - 1]!, `scarce item #${i.key} starves`).toBeLessThan(K);
  }
  expect(longestTicks, `rotation: longest gap = ceil(${n}/${B}) ticks`).toBe(K);

  // ── Property 6, determinism: the preview at a slot selects what the tick at that slot did.
  expect(log.previews.length).toBeGreaterThan(3);
  const strip = (xs: { agent_ids?: string[] }[]) => xs.map(({ agent_ids, ...rest }) => (void agent_ids, rest));
  for (const p of log.previews) {
    const run = runs.find((r) => r.scheduleId === p.scheduleId && r.trigger === "cron" && r.slotAt.getTime() === p.slotAt);
    expect(run, `tick at the previewed slot ${iso(p.slotAt)}`).toBeDefined();
    expect(strip(run!.selected)).toEqual(strip(p.preview.selected));
    expect(run!.skipped).toEqual(p.preview.skipped);
    expect(run!.budget.tick).toBe(p.preview.budget.tick);
  }

  // ── Forecast: the longest gap over the following weeks is within the forecast (+ one slot
  //    gap), and coverage_met says whether the window was met.
  expect(log.forecasts.length).toBe(2);
  const forecastNotes: string[] = [];
  for (const f of log.forecasts) {
    const s = schedById.get(f.scheduleId)!;
    const slotGap = longestGap(oracleSlots(s.cfg, s.createdAt, lastPass + 14 * DAY));
    const bound = Math.max(s.window * HOUR, slotGap);
    let observed = 0;
    for (const i of s.items) {
      for (const g of gapsOf(s, i, f.at)) if (!overlapsDown(g)) observed = Math.max(observed, g.to - g.from);
    }
    const fc = f.preview.forecast;
    forecastNotes.push(`${s.role} ${fc.max_gap_hours} h forecast / ${H(observed)} h seen / bound ${H(bound)} h`);
    expect(fc.max_gap_hours).not.toBeNull();
    expect(H(observed), `${s.role}: observed longest gap vs forecast ${fc.max_gap_hours} h (+ slot gap ${H(slotGap)} h)`).toBeLessThanOrEqual(
      fc.max_gap_hours! + H(slotGap) + 0.01,
    );
    expect(fc.coverage_met, `${s.role}: coverage_met vs observed ${H(observed)} h, bound ${H(bound)} h`).toBe(observed <= bound);
    expect(fc.coverage_met).toBe(s.role === "stable");
  }

  const cronCount = runs.filter((r) => r.trigger === "cron").length;
  console.log(
    `tick simulation seed ${log.seed} (${log.season}): ${log.schedules.length} schedules, ${log.items.length} items, ` +
      `${((lastPass - log.passes[0]!) / DAY).toFixed(1)} days, ${log.passes.length} passes (+${log.duplicatePasses} duplicates), ` +
      `${cronCount} cron + ${runs.length - cronCount} manual runs, ${agentRows.length} agents, ${capBound} capped ticks, ` +
      `${log.previews.length} previews, ${coverageChecked} gaps and ${rankChecks} rank checks; ${forecastNotes.join("; ")}`,
  );
}
