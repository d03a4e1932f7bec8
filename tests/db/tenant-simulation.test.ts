// Simulation of tenant-day reservations (docs/adr/0008-tenant-day-reservations.md) on the REAL tick
// engine and the REAL database: eight weeks of virtual time driven by cronPass at the earliest
// next_tick_at, three tenants with 5–8 schedules each (tests/helpers/tenant-scenario.ts), items and
// schedules coming and going. Checked from the rows (schedule_runs, agents, schedule_items,
// tenant_daily_usage) against the scenario's log:
//   - property 1 per tenant-local day (never more than the daily budget; tenant_daily_usage = the
//     agents of the day) and per run: spent ≤ min(tick, tenant_remaining_before −
//     reserved_for_others), tenant_remaining_before = what the day had left;
//   - tenant A, whose daily budget covers every auto budget at each tick of the day (checked from
//     the runs' budget.tick): property 2 across the tenant, no item longer than max(coverage
//     window, longest slot gap) without a run;
//   - tenants B and C, under a binding cap: no item starves — its longest gap is within the larger
//     of its coverage window and twice the tenant's rotation (ceil(most items / daily budget) days;
//     for an explicit budget also ceil(its items / budget) slot intervals), plus a slot gap;
//   - the skip reasons, judged at the tick budget alone: `tenant_budget` for the items the tick
//     budget would have run but the tenant's day did not, and only on ticks allowed less than
//     their budget;
//   - under a binding cap, ticks alone in their pass set budget aside for the tenant's later ticks.
// A first test pins the real tick to its pure mirror (tests/helpers/tenant-day-sim.ts, which the
// gap test over 1,000 tenants drives): on one tenant under scarcity, run by run, the same budget
// record and the same items.
//
// The scenarios come from SIM_SEED (vitest.config.ts: fixed unless set), printed before the run
// and again on failure.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { agents, scheduleItems, scheduleRuns, schedules, tenantDailyUsage } from "@/lib/db/schema";
import { deleteSchedule } from "@/lib/schedules/service";
import { cronPass } from "@/lib/tick/cron-pass";
import { createTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { DAY, HOUR, localDateOf, longestGap, oracleSlots, prng } from "../helpers/sim-oracle";
import { type PureTenant, type PureTick, runTenant } from "../helpers/tenant-day-sim";
import { TENANT_ZONES, type TItem, type TSchedule, type TTenant, type TenantLog, runTenantScenario } from "../helpers/tenant-scenario";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";
import { seedFromEnv } from "../setup/seeds";

const SEED = seedFromEnv("SIM_SEED");
const WEEKS = 8;

type Run = typeof scheduleRuns.$inferSelect;

const iso = (t: number) => new Date(t).toISOString();
const H = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

for (const kind of testDbKinds()) {
  describe(`tenant-day simulation [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    afterAll(async () => db?.close());

    it("the real tick sets aside, spends and selects what the pure mirror of it computes, run by run", async () => {
      try {
        await mirrorCheck(db.db);
      } catch (err) {
        if (err instanceof Error) err.message = `[SIM_SEED=${SEED}] ${err.message}`;
        throw err;
      }
    }, 120_000);

    it(`${WEEKS} weeks of cron passes, three tenants: the daily budget, coverage under a sufficient cap, no starvation under a binding one`, async () => {
      let log: TenantLog | undefined;
      console.log(`tenant-day simulation [${kind}]: SIM_SEED=${SEED}`);
      const t0 = performance.now();
      try {
        log = await runTenantScenario(db.db, SEED, { weeks: WEEKS });
        const t1 = performance.now();
        await check(db.db, log);
        console.log(`tenant-day simulation [${kind}]: scenario ${((t1 - t0) / 1000).toFixed(1)} s, checks ${((performance.now() - t1) / 1000).toFixed(1)} s`);
      } catch (err) {
        console.error(`tenant-day simulation [${kind}] failed: replay with SIM_SEED=${SEED}`);
        if (log) console.error(`the scenario:\n${log.actions.join("\n")}`);
        if (err instanceof Error) err.message = `[SIM_SEED=${SEED}] ${err.message}`;
        throw err;
      }
    }, 180_000);
  });
}

async function check(db: Db, log: TenantLog) {
  const ids = log.schedules.map((s) => s.id);
  const schedById = new Map(log.schedules.map((s) => [s.id, s]));
  const itemById = new Map(log.items.map((i) => [i.id, i]));
  const runs = await db.select().from(scheduleRuns).where(inArray(scheduleRuns.scheduleId, ids));
  const agentRows = await db
    .select({ id: agents.id, runId: agents.runId, tenantId: agents.tenantId, itemId: agents.itemId, createdAt: agents.createdAt })
    .from(agents)
    .where(inArray(agents.scheduleId, ids));
  const usage = await db.select().from(tenantDailyUsage).where(inArray(tenantDailyUsage.tenantId, log.tenants.map((t) => t.row.id)));
  const itemRows = await db.select().from(scheduleItems).where(inArray(scheduleItems.scheduleId, ids));
  const agentsPerRun = new Map<string, number>();
  for (const a of agentRows) agentsPerRun.set(a.runId!, (agentsPerRun.get(a.runId!) ?? 0) + 1);
  const byTime = (a: Run, b: Run) => a.slotAt.getTime() - b.slotAt.getTime();
  const runsOf = (s: TSchedule) => runs.filter((r) => r.scheduleId === s.id).sort(byTime);
  const cronOf = (s: TSchedule) => runsOf(s).filter((r) => r.trigger === "cron");

  // ── Size: eight weeks, every tenant ticking, churn done.
  expect(log.passes[log.passes.length - 1]! - log.passes[0]!).toBeGreaterThanOrEqual(8 * 7 * DAY - 3 * DAY);
  for (const t of log.tenants) {
    expect(t.schedules.length, `${t.key}: schedules`).toBeGreaterThanOrEqual(5);
    expect(t.schedules.some((s) => s.deletedAt !== null), `${t.key}: a schedule deleted`).toBe(true);
    expect(t.schedules.some((s) => s.pauses.length > 0), `${t.key}: a schedule paused`).toBe(true);
    expect(t.schedules.some((s) => s.createdAt > log.start + DAY), `${t.key}: a schedule created mid-way`).toBe(true);
  }
  expect(log.items.filter((i) => i.removedAt !== null && i.schedule.deletedAt !== i.removedAt).length, "items removed").toBeGreaterThan(5);
  expect(log.items.filter((i) => i.addedAt > i.schedule.createdAt).length, "items added").toBeGreaterThan(10);
  for (const s of log.schedules.filter((x) => x.pauses.length === 0 && x.deletedAt === null)) {
    expect(cronOf(s).length, `${s.key}: cron ticks`).toBeGreaterThanOrEqual(2);
  }

  // ── Property 1 per run and per tenant-local day; the skip reasons.
  const capped = new Map<TTenant, number>(); // runs whose allowance was below their tick budget
  const reservedLater = new Map<TTenant, number>(); // runs that set something aside, alone in their pass
  const tenantBudgetRuns = new Map<TTenant, number>();
  const problems: string[] = [];
  for (const t of log.tenants) {
    const tRuns = runs
      .filter((r) => schedById.get(r.scheduleId)!.tenant === t)
      // Runs of one pass share an instant; the pass ticks them one after the other, each seeing
      // less of the day left (those before the last of equal remaining spent nothing).
      .sort(
        (a, b) =>
          a.startedAt.getTime() - b.startedAt.getTime() ||
          b.budget.tenant_remaining_before - a.budget.tenant_remaining_before ||
          a.budget.spent - b.budget.spent,
      );
    const used = new Map<string, number>();
    for (const r of tRuns) {
      const b = r.budget;
      const s = schedById.get(r.scheduleId)!;
      const day = localDateOf(t.tz, r.startedAt.getTime());
      const before = used.get(day) ?? 0;
      const where = `${t.key} ${s.key} ${r.trigger} run at ${iso(r.slotAt.getTime())} (${day}) ${JSON.stringify(b)}`;
      expect(b.reserved_for_others, `${where}: reserved_for_others recorded`).toBeTypeOf("number");
      const reserved = b.reserved_for_others!;
      const allowance = b.tenant_remaining_before - reserved;
      expect(b.tenant_remaining_before, `${where}: what the day had left`).toBe(Math.max(0, t.dailyBudget - before));
      expect(reserved, where).toBeGreaterThanOrEqual(0);
      expect(reserved, `${where}: reserved within what is left`).toBeLessThanOrEqual(b.tenant_remaining_before);
      expect(b.spent, `${where}: spent ≤ min(tick, remaining − reserved)`).toBeLessThanOrEqual(Math.min(b.tick, allowance));
      if (s.dailyBudget !== null) expect(b.tick, where).toBe(s.dailyBudget);
      expect(agentsPerRun.get(r.id) ?? 0, `${where}: agents = spent`).toBe(b.spent);
      expect(r.status === "skipped", where).toBe(b.spent === 0);
      used.set(day, before + b.spent);
      expect(before + b.spent, `${t.key} ${day}: within the daily budget ${t.dailyBudget}`).toBeLessThanOrEqual(t.dailyBudget);
      if (allowance < b.tick) capped.set(t, (capped.get(t) ?? 0) + 1);
      // Set aside for the tenant's schedules ticking later today (no other one ticked with it).
      if (reserved > 0 && !tRuns.some((x) => x !== r && x.startedAt.getTime() === r.startedAt.getTime())) {
        reservedLater.set(t, (reservedLater.get(t) ?? 0) + 1);
      }
      // Skip reasons, judged at the tick budget alone: `tenant_budget` for an item that budget had
      // room for when the walk met it (the tenant's day held it back), `budget` / `not_selected`
      // for one it had not. So any other skipped item does not fit what the selected and the
      // `tenant_budget` items leave of the tick budget, only a tick allowed less than its budget
      // reports `tenant_budget`, and with journeys only (cost 1) exactly min(tick, items) − spent
      // items are `tenant_budget`.
      const held = r.skipped.filter((k) => k.reason === "tenant_budget").map((k) => itemById.get(k.item_id)!);
      const heldCost = held.reduce((a, i) => a + i.cost, 0);
      if (held.length > 0) {
        tenantBudgetRuns.set(t, (tenantBudgetRuns.get(t) ?? 0) + 1);
        if (!(allowance < b.tick)) problems.push(`${where}: tenant_budget skips while the allowance ${allowance} ≥ tick ${b.tick}`);
      }
      for (const k of r.skipped) {
        const item = itemById.get(k.item_id)!;
        if (k.reason !== "tenant_budget" && item.cost <= b.tick - b.spent - heldCost) {
          problems.push(`${where}: item #${item.key} (cost ${item.cost}) skipped for ${k.reason} with ${b.tick - b.spent - heldCost} of the tick budget left`);
        }
      }
      const present = [...r.selected.map((e) => e.item_id), ...r.skipped.map((k) => k.item_id)].map((id) => itemById.get(id)!);
      if (present.every((i) => i.cost === 1) && held.length !== Math.min(b.tick, present.length) - b.spent) {
        problems.push(`${where}: ${held.length} items skipped for tenant_budget, expected min(tick, ${present.length} items) − spent`);
      }
    }
    const agentsPerDay = new Map<string, number>();
    for (const a of agentRows.filter((x) => x.tenantId === t.row.id)) {
      const day = localDateOf(t.tz, a.createdAt.getTime());
      agentsPerDay.set(day, (agentsPerDay.get(day) ?? 0) + 1);
    }
    expect(agentsPerDay, `${t.key}: agents per local day`).toEqual(new Map([...used].filter(([, n]) => n > 0)));
    const rows = new Map(usage.filter((u) => u.tenantId === t.row.id && u.used > 0).map((u) => [u.localDate, u.used]));
    expect(rows, `${t.key}: tenant_daily_usage = agents per local day`).toEqual(agentsPerDay);
  }
  expect(problems, "skip reasons").toEqual([]);
  for (const t of log.tenants.filter((x) => x.kind === "binding")) {
    expect(reservedLater.get(t) ?? 0, `${t.key}: ticks set aside budget for the tenant's later ticks of the day`).toBeGreaterThan(0);
    expect(capped.get(t) ?? 0, `${t.key}: the cap binds`).toBeGreaterThan(0);
    expect(tenantBudgetRuns.get(t) ?? 0, `${t.key}: runs report tenant_budget skips`).toBeGreaterThan(0);
  }

  // last_run_at: the latest run of each item still there.
  const lastRun = new Map<string, number>();
  for (const r of runs) for (const e of r.selected) lastRun.set(e.item_id, Math.max(lastRun.get(e.item_id) ?? -Infinity, r.slotAt.getTime()));
  for (const row of itemRows) expect(row.lastRunAt?.getTime() ?? null, `last_run_at of #${itemById.get(row.id)!.key}`).toBe(lastRun.get(row.id) ?? null);

  // ── Gaps: from when an item was added (or last ran) to its next run; an item not run since is
  //    counted up to the schedule's last cron tick while it was there. Gaps across a pause of the
  //    schedule are not counted.
  const lastPass = log.passes[log.passes.length - 1]!;
  const slotGapOf = new Map(log.schedules.map((s) => [s.id, longestGap(oracleSlots(s.cfg, s.createdAt - 7 * DAY, lastPass + 14 * DAY))]));
  const gapsOf = (s: TSchedule, i: TItem) => {
    const times = runsOf(s)
      .filter((r) => r.selected.some((e) => e.item_id === i.id))
      .map((r) => r.slotAt.getTime());
    const out: { from: number; to: number; open: boolean }[] = [];
    let prev = i.addedAt;
    for (const t of times) {
      out.push({ from: prev, to: t, open: false });
      prev = t;
    }
    const until = i.removedAt ?? Infinity;
    const lastTick = cronOf(s)
      .map((r) => r.slotAt.getTime())
      .filter((t) => t <= until)
      .at(-1);
    if (lastTick !== undefined && lastTick > prev) out.push({ from: prev, to: lastTick, open: true });
    return out.filter((g) => !s.pauses.some((p) => g.from < (p.to ?? Infinity) && g.to > p.from));
  };

  const figures: string[] = [];
  const violations: string[] = [];
  // ── Tenant A: its daily budget covers the auto budgets of every tick of each of its days.
  for (const t of log.tenants.filter((x) => x.kind === "cover")) {
    const need = new Map<string, number>();
    for (const r of runs.filter((x) => schedById.get(x.scheduleId)!.tenant === t)) {
      const day = localDateOf(t.tz, r.startedAt.getTime());
      need.set(day, (need.get(day) ?? 0) + r.budget.tick);
    }
    const most = Math.max(...need.values());
    expect(most, `${t.key}: the scenario's premise, Σ tick budgets of a day ≤ the daily budget ${t.dailyBudget}`).toBeLessThanOrEqual(t.dailyBudget);
    expect(t.schedules.every((s) => s.dailyBudget === null)).toBe(true);
    // Property 2 across the tenant.
    let checked = 0;
    let longest = 0;
    for (const s of t.schedules) {
      const bound = Math.max(s.window * HOUR, slotGapOf.get(s.id)!);
      for (const i of s.items) {
        for (const g of gapsOf(s, i)) {
          checked++;
          longest = Math.max(longest, (g.to - g.from) / bound);
          if (g.to - g.from > bound) {
            violations.push(`${t.key} ${s.key}: item #${i.key} went ${H(g.to - g.from)} h without a run (${iso(g.from)} → ${iso(g.to)}${g.open ? ", still open" : ""}), bound ${H(bound)} h`);
          }
        }
      }
    }
    expect(checked, `${t.key}: gaps checked`).toBeGreaterThan(200);
    figures.push(
      `${t.key} (daily budget ${t.dailyBudget}, the most its ticks of a day asked ${most}, ${capped.get(t) ?? 0} ticks allowed below their budget): ` +
        `${checked} gaps, the longest ${(longest * 100).toFixed(0)} % of max(window, slot gap)`,
    );
  }

  // ── Tenants B and C, under a binding cap: no item starves.
  for (const t of log.tenants.filter((x) => x.kind === "binding")) {
    // The most items (by cost) the tenant, and each schedule, had at once, at any pass.
    let mostCost = 0;
    const mostOf = new Map<TSchedule, number>();
    for (const at of log.passes) {
      let cost = 0;
      for (const s of t.schedules) {
        if (s.createdAt > at || (s.deletedAt !== null && s.deletedAt <= at) || s.pauses.some((p) => p.from <= at && (p.to ?? Infinity) > at)) continue;
        let own = 0;
        for (const i of s.items) if (i.addedAt <= at && (i.removedAt === null || i.removedAt > at)) own += i.cost;
        mostOf.set(s, Math.max(mostOf.get(s) ?? 0, own));
        cost += own;
      }
      mostCost = Math.max(mostCost, cost);
    }
    const rotation = Math.ceil(mostCost / t.dailyBudget) * DAY;
    let worst = { ratio: 0, what: "" };
    let checked = 0;
    for (const s of t.schedules) {
      const slotGap = slotGapOf.get(s.id)!;
      // An explicit budget b runs its n items once every ceil(n / b) slots at best.
      const own = s.dailyBudget === null ? 0 : Math.ceil((mostOf.get(s) ?? 0) / Math.max(1, s.dailyBudget)) * s.cfg.tickIntervalHours * HOUR;
      // Twice the rotation plus a slot gap; an item that runs within its window does not starve
      // (a long-window item waits for its deadline before it competes: ADR 0008).
      const bound = Math.max(s.window * HOUR, 2 * Math.max(rotation, own, slotGap)) + slotGap;
      for (const i of s.items) {
        for (const g of gapsOf(s, i)) {
          checked++;
          const ratio = (g.to - g.from) / bound;
          const what = `${s.key} item #${i.key}: ${H(g.to - g.from)} h (${iso(g.from)} → ${iso(g.to)}${g.open ? ", still open" : ""}), bound ${H(bound)} h`;
          if (ratio > worst.ratio) worst = { ratio, what };
          if (g.to - g.from > bound) violations.push(`${t.key} ${what} (window ${s.window} h, budget ${s.dailyBudget ?? "auto"})`);
        }
      }
    }
    expect(checked, `${t.key}: gaps checked`).toBeGreaterThan(100);
    figures.push(
      `${t.key} (daily budget ${t.dailyBudget}, at most ${mostCost} agents of items at once: rotation ${rotation / DAY} days; ` +
        `${reservedLater.get(t) ?? 0} ticks set aside for later ones, ${capped.get(t) ?? 0} ticks allowed below their budget, ${tenantBudgetRuns.get(t) ?? 0} with tenant_budget skips): ${checked} gaps, ` +
        `the longest ${(worst.ratio * 100).toFixed(0)} % of its bound (${worst.what})`,
    );
  }
  console.log(
    `tenant-day simulation seed ${log.seed}: ${log.schedules.length} schedules, ${log.items.length} items, ${log.passes.length} passes, ` +
      `${runs.length} runs (${log.manualTriggers.length} manual), ${agentRows.length} agents; ${figures.join("; ")}`,
  );
  expect(violations, "gaps: property 2 for A, no starvation for B and C").toEqual([]);
}

/**
 * The pure mirror of the tick (tests/helpers/tenant-day-sim.ts, which the pure gap test at scale
 * drives) against the real one: one tenant under scarcity, built in the database, ticked by
 * cronPass for three weeks, and the same rows (schedules as read back, items with their ids) ticked
 * by the mirror. Every run must match: slot, tick budget, what the day had left, what was set
 * aside for the others, what was spent and which items ran in which order. Some schedules share a
 * run time and zone, so some passes tick several schedules of the tenant at once.
 */
async function mirrorCheck(db: Db) {
  const rnd = prng(SEED + 101);
  // In 2025: before anything the scenario test creates can be due, whichever runs first.
  const start = Date.UTC(2025, 8, 1) + rnd.int(0, 60) * DAY + rnd.int(0, 23) * HOUR + 7 * 60_000;
  const end = start + 21 * DAY;
  const tz = rnd.pick(TENANT_ZONES);
  const shapes = Array.from({ length: 7 }, (_, k) => ({
    timezone: k === 1 ? "Asia/Tokyo" : k === 2 ? "Asia/Tokyo" : rnd.pick(TENANT_ZONES),
    runTime: k === 2 ? "06:00" : k === 1 ? "06:00" : `${String(rnd.int(0, 23)).padStart(2, "0")}:${rnd.pick(["00", "30"])}`,
    interval: rnd.pick([24, 24, 12]),
    window: rnd.pick([24, 48, 72, 120, 168]),
    budget: rnd.chance(0.7) ? rnd.int(1, 4) : null,
    items: rnd.int(2, 10),
  }));
  const explicitSum = shapes.reduce((a, x) => a + (x.budget ?? 3) * (24 / x.interval), 0);
  const dailyBudget = Math.max(2, Math.floor(explicitSum / 2));
  const { tenant, project } = await makeTenant(db, new Date(start), { budget: dailyBudget, timezone: tz });
  for (const [k, x] of shapes.entries()) {
    const view = await makeSchedule(db, tenant, project.id, new Date(start), {
      name: `M${k}`,
      timezone: x.timezone,
      run_time: x.runTime,
      tick_interval_hours: x.interval,
      coverage_window_hours: x.window,
      daily_budget: x.budget,
    });
    const js = await makeJourneys(db, tenant.id, project.id, x.items, new Date(start));
    await addJourneyItems(db, tenant.id, view.id, js.map((j) => j.id), new Date(start));
  }
  const rows = await db.select().from(schedules).where(eq(schedules.tenantId, tenant.id));
  const itemRows = await db.select().from(scheduleItems).where(eq(scheduleItems.tenantId, tenant.id));
  const mirror: PureTenant = {
    timezone: tz,
    dailyBudget,
    schedules: rows.map((row) => ({
      row: { ...row },
      items: itemRows
        .filter((i) => i.scheduleId === row.id)
        .map((i) => ({ id: i.id, journeyId: i.journeyId, testPlanId: null, priority: i.priority, lastRunAt: null, addedAt: i.createdAt.getTime(), cost: 1 })),
    })),
  };
  const expected: PureTick[] = [];
  runTenant(mirror, end, { reserve: true, onTick: (t) => expected.push(t) });

  for (;;) {
    const [next] = await db
      .select({ at: sql<string | Date | null>`min(${schedules.nextTickAt})` })
      .from(schedules)
      .where(and(eq(schedules.tenantId, tenant.id), eq(schedules.enabled, true), isNull(schedules.deletedAt)));
    const at = next?.at == null ? Infinity : new Date(next.at).getTime();
    if (at > end) break;
    expect((await cronPass(db, { now: new Date(at) })).failed).toBe(0);
  }
  const runs = (await db.select().from(scheduleRuns).where(eq(scheduleRuns.tenantId, tenant.id))).sort(
    (a, b) => a.slotAt.getTime() - b.slotAt.getTime() || (a.scheduleId < b.scheduleId ? -1 : 1),
  );
  const name = new Map(rows.map((r) => [r.id, r.name]));
  const view = (r: { scheduleId: string; at: number; tick: number; remaining: number; reserved: number; spent: number; ran: string[] }) =>
    `${name.get(r.scheduleId)} at ${iso(r.at)}: tick ${r.tick}, remaining ${r.remaining}, reserved ${r.reserved}, spent ${r.spent}, ran ${r.ran.join(",")}`;
  const got = runs.map((r) =>
    view({
      scheduleId: r.scheduleId,
      at: r.slotAt.getTime(),
      tick: r.budget.tick,
      remaining: r.budget.tenant_remaining_before,
      reserved: r.budget.reserved_for_others ?? 0,
      spent: r.budget.spent,
      ran: r.selected.map((e) => e.item_id),
    }),
  );
  const want = expected.map((t) => view({ ...t, tick: t.tickBudget, remaining: t.remainingBefore }));
  const first = got.findIndex((g, k) => g !== want[k]);
  const batched = new Set(expected.filter((t, k) => expected.some((u, j) => j !== k && u.at === t.at)).map((t) => t.at)).size;
  const reservedLater = expected.filter((t) => t.reserved > 0 && !expected.some((u) => u !== t && u.at === t.at)).length;
  console.log(
    `mirror check (SIM_SEED=${SEED}): tenant in ${tz}, daily budget ${dailyBudget}, ${rows.length} schedules, ${expected.length} ticks ` +
      `(${batched} passes ticking several at once, ${reservedLater} ticks setting aside for later ones)`,
  );
  expect(reservedLater, "the mirror sets aside for later ticks (the check is not vacuous)").toBeGreaterThan(0);
  expect(first === -1 ? null : { run: first, real: got[first] ?? null, mirror: want[first] ?? null }, "first run where the real tick and its mirror differ").toBeNull();
  expect(got.length).toBe(want.length);
  // Out of the way of the other test's passes.
  for (const r of rows) await deleteSchedule(db, tenant.id, r.id, new Date(end));
}
