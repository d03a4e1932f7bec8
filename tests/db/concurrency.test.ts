// Races need real connections: PGlite has one, so this suite runs on PostgreSQL only
// (TEST_DATABASE_URL; .ci/run sets it). 20 cron passes and 20 manual triggers race over 5 schedules
// of one tenant: one run per slot, no duplicate agents, both budgets respected, last_run_at consistent.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { scheduleItems, scheduleRuns, schedules, tenantDailyUsage } from "@/lib/db/schema";
import { updateSchedule } from "@/lib/schedules/service";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickSchedule } from "@/lib/tick/tick";
import { createTestDb, type TestDb } from "../helpers/databases";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("concurrent ticks [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 24 });
  });
  afterAll(async () => db?.close());

  it.each([
    { tenantBudget: 30, label: "tenant cap binds" },
    { tenantBudget: 1000, label: "tick budgets bind" },
  ])("20 cron passes + 20 triggers over 5 schedules: $label", async ({ tenantBudget }) => {
    const created = new Date("2026-03-02T08:00:00Z");
    const { tenant, project } = await makeTenant(db.db, created, { budget: tenantBudget });
    const scheduleIds: string[] = [];
    for (let k = 0; k < 5; k++) {
      const js = await makeJourneys(db.db, tenant.id, project.id, 10, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 4 });
      await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
      scheduleIds.push(s.id);
    }
    const now = new Date("2026-03-02T09:00:30Z");
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(cronPass(db.db, { now }));
      const scheduleId = scheduleIds[i % 5]!;
      work.push(tickSchedule(db.db, { trigger: "manual", scheduleId, tenantId: tenant.id, now }));
    }
    const results = await Promise.allSettled(work);
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    // A cron pass skips a schedule another transaction holds (SKIP LOCKED) and leaves its slot due
    // for the next pass; one more pass after the race must tick those, and nothing twice.
    const raced = await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.tenantId, tenant.id));
    for (const id of scheduleIds) {
      expect(raced.filter((r) => r.scheduleId === id && r.trigger === "cron").length).toBeLessThanOrEqual(1);
    }
    await cronPass(db.db, { now });

    const runs = await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.tenantId, tenant.id));
    for (const id of scheduleIds) {
      const cron = runs.filter((r) => r.scheduleId === id && r.trigger === "cron");
      expect(cron).toHaveLength(1); // exactly one run for the slot
      expect(runs.filter((r) => r.scheduleId === id && r.trigger === "manual")).toHaveLength(4);
    }
    for (const r of runs) expect(r.budget.spent).toBeLessThanOrEqual(4);

    const agentRows = await queryRows<{ id: string; run_id: string; item_id: string; journey_id: string }>(
      db.db,
      sql`select id, run_id, item_id, journey_id from agents where tenant_id = ${tenant.id}`,
    );
    const totalSpent = runs.reduce((n, r) => n + r.budget.spent, 0);
    expect(agentRows).toHaveLength(totalSpent);
    expect(agentRows.length).toBeLessThanOrEqual(tenantBudget);
    if (tenantBudget === 30) expect(agentRows.length).toBe(30); // the cap is reached, not undershot
    // No journey twice in one run; each agent is listed by exactly the run that created it.
    const perRun = new Map<string, Set<string>>();
    for (const a of agentRows) {
      const set = perRun.get(a.run_id) ?? new Set();
      expect(set.has(a.journey_id)).toBe(false);
      set.add(a.journey_id);
      perRun.set(a.run_id, set);
    }
    const listed = runs.flatMap((r) => r.selected.flatMap((s) => s.agent_ids));
    expect(new Set(listed).size).toBe(listed.length);
    expect(new Set(listed)).toEqual(new Set(agentRows.map((a) => a.id)));

    const [usage] = await db.db.select().from(tenantDailyUsage).where(eq(tenantDailyUsage.tenantId, tenant.id));
    expect(usage!.used).toBe(agentRows.length);

    // last_run_at is the latest slot among the runs that selected the item.
    for (const id of scheduleIds) {
      const items = await db.db.select().from(scheduleItems).where(eq(scheduleItems.scheduleId, id));
      for (const item of items) {
        const slots = runs
          .filter((r) => r.selected.some((s) => s.item_id === item.id))
          .map((r) => r.slotAt.getTime());
        expect(item.lastRunAt?.getTime() ?? null).toBe(slots.length ? Math.max(...slots) : null);
      }
    }
  });
});

// Lock, then read: a tick that waited for another tick of the same schedule must see what that one
// wrote (its items' last_run_at), or both select the same items and the second calls them never run.
describe("ticks that queue behind each other [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 24 });
  });
  afterAll(async () => db?.close());

  it("rounds of 2–8 concurrent triggers and a cron pass select disjoint items until every item has run", async () => {
    const budget = 2;
    for (let m = 2; m <= 8; m++) {
      const created = new Date("2026-03-02T08:00:00Z");
      const { tenant, project } = await makeTenant(db.db, created, { budget: 10_000 });
      // One tick per trigger and one for the cron slot, each spending the whole budget: exactly
      // enough items for every tick of the round to get fresh ones.
      const n = budget * (m + 1);
      const js = await makeJourneys(db.db, tenant.id, project.id, n, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: budget });
      await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
      const now = new Date("2026-03-02T09:00:30Z");
      const work: Promise<unknown>[] = [cronPass(db.db, { now })];
      for (let i = 0; i < m; i++) work.push(tickSchedule(db.db, { trigger: "manual", scheduleId: s.id, tenantId: tenant.id, now }));
      expect((await Promise.allSettled(work)).filter((r) => r.status === "rejected")).toEqual([]);
      await cronPass(db.db, { now }); // the slot, if the racing pass found the schedule locked

      const runs = await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, s.id));
      expect(runs, `round of ${m}`).toHaveLength(m + 1);
      const picks = runs.flatMap((r) => r.selected.map((e) => e.item_id));
      expect(new Set(picks).size, `round of ${m}: an item was selected twice`).toBe(picks.length);
      expect(picks).toHaveLength(n);
      // The audit trail is truthful: every item really had never run when it was selected.
      for (const r of runs) {
        for (const e of r.selected) expect(e, `round of ${m}`).toMatchObject({ never_run: true });
      }
      const items = await db.db.select().from(scheduleItems).where(eq(scheduleItems.scheduleId, s.id));
      for (const item of items) {
        const slots = runs.filter((r) => r.selected.some((e) => e.item_id === item.id)).map((r) => r.slotAt.getTime());
        expect(item.lastRunAt?.getTime()).toBe(Math.max(...slots));
      }

      // A second round an hour later: every item has run once; the triggers again take disjoint items.
      const later = new Date("2026-03-02T10:00:30Z");
      const second = await Promise.all(
        Array.from({ length: m }, () => tickSchedule(db.db, { trigger: "manual", scheduleId: s.id, tenantId: tenant.id, now: later })),
      );
      const again = second.flatMap((r) => r!.selected.map((e) => e.item_id));
      expect(new Set(again).size, `second round of ${m}`).toBe(again.length);
      for (const r of second) for (const e of r!.selected) expect(e.never_run).toBe(false);
      const after = await db.db.select().from(scheduleItems).where(eq(scheduleItems.scheduleId, s.id));
      for (const item of after) {
        expect(item.lastRunAt!.getTime()).toBe(again.includes(item.id) ? later.getTime() : item.lastRunAt!.getTime());
        if (again.includes(item.id)) expect(item.lastRunAt).toEqual(later);
      }
    }
  });
});

// A PATCH that runs while a cron tick holds the schedule must not write back the slot the tick
// claimed. Two connections, interleaved deterministically: the tick pauses after its selection
// (holding the row lock) until the PATCH is seen waiting for a lock.
describe("PATCH racing a cron tick [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 8 });
  });
  afterAll(async () => db?.close());

  async function waitForLockWaiter() {
    // Bounded by a count of polls, not a clock: on a loaded machine this may take a while.
    for (let i = 0; i < 3000; i++) {
      const [row] = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (row!.n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("the PATCH never waited for the tick's lock");
  }

  it.each([
    { label: "a name change", patch: { name: "Renamed" }, next: "2026-03-03T09:00:00.000Z" },
    { label: "a budget change", patch: { daily_budget: 2 }, next: "2026-03-03T09:00:00.000Z" },
    { label: "a run-time change", patch: { run_time: "09:30" }, next: "2026-03-02T09:30:00.000Z" },
  ])("$label during a tick leaves the schedule on its next slot", async ({ patch, next }) => {
    const created = new Date("2026-03-02T08:00:00Z");
    const { tenant, project } = await makeTenant(db.db, created);
    const js = await makeJourneys(db.db, tenant.id, project.id, 3, created);
    const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 1 });
    await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
    const now = new Date("2026-03-02T09:00:30Z");

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let selected!: () => void;
    const inTick = new Promise<void>((r) => (selected = r));
    const tick = tickSchedule(db.db, { trigger: "cron", scheduleId: s.id, now }, {
      afterSelection: async () => {
        selected();
        await released;
      },
    });
    await inTick;
    const patched = updateSchedule(db.db, tenant.id, s.id, patch, now);
    await waitForLockWaiter();
    release();
    expect(await tick).not.toBeNull();
    const view = await patched;
    expect(view.next_tick_at).toBe(next);
    const [row] = await db.db.select().from(schedules).where(eq(schedules.id, s.id));
    expect(row!.nextTickAt!.toISOString()).toBe(next);

    // Nothing is stuck: later passes tick, no failed runs, one run per slot.
    await cronPass(db.db, { now: new Date("2026-03-02T09:01:30Z") });
    await cronPass(db.db, { now: new Date("2026-03-03T09:31:00Z") });
    const runs = await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, s.id));
    expect(runs.every((r) => r.status !== "failed")).toBe(true);
    const slots = runs.map((r) => r.slotAt.toISOString());
    expect(new Set(slots).size).toBe(slots.length);
    expect(runs.length).toBeGreaterThanOrEqual(2);
  });
});
