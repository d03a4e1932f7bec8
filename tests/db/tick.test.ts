// The tick engine on a real database: exactly-once cron slots, catch-up, crash atomicity, caps.
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { agents, scheduleItems, scheduleRuns, schedules, tenantDailyUsage } from "@/lib/db/schema";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickDueSchedules, tickSchedule } from "@/lib/tick/tick";
import { createTestDb, emptyTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

for (const kind of testDbKinds()) {
  describe(`tick engine [${kind}]`, () => {
    // An empty database for every test: a cron pass ticks every due schedule in the database, so
    // with rows left over a test's passes would also tick (or fail on) the schedules earlier tests
    // made, and counts like `failed` would depend on which tests ran before.
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    beforeEach(async () => emptyTestDb(db));
    afterAll(async () => db?.close());

    async function setup(n: number, opts: Parameters<typeof makeSchedule>[4] = {}, budget = 1000) {
      const created = at("2026-03-02T08:00:00Z"); // a Monday
      const { tenant, project } = await makeTenant(db.db, created, { budget });
      const js = await makeJourneys(db.db, tenant.id, project.id, n, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, opts);
      const items = await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
      return { tenant, project, schedule: s, items, created };
    }

    const runsOf = (scheduleId: string) =>
      db.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, scheduleId)).orderBy(scheduleRuns.createdAt);

    it("a cron pass ticks a due schedule once per slot, and repeated passes change nothing", async () => {
      const { schedule } = await setup(3, { daily_budget: 1 });
      expect(schedule.next_tick_at).toBe("2026-03-02T09:00:00.000Z");
      const before = await cronPass(db.db, { now: at("2026-03-02T08:59:59Z") });
      expect((await runsOf(schedule.id)).length).toBe(0);
      void before;
      for (let i = 0; i < 3; i++) await cronPass(db.db, { now: at("2026-03-02T09:00:30Z") });
      const runs = await runsOf(schedule.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "cron", status: "dispatched", slotAt: at("2026-03-02T09:00:00Z") });
      const [s] = await db.db.select().from(schedules).where(eq(schedules.id, schedule.id));
      expect(s!.nextTickAt).toEqual(at("2026-03-03T09:00:00Z"));
      expect(s!.lastTickAt).toEqual(at("2026-03-02T09:00:30Z"));
    });

    it("downtime gives one catch-up tick for the latest slot passed, never a burst", async () => {
      const { schedule } = await setup(4, { tick_interval_hours: 6, daily_budget: 1 });
      // Down from before the first slot until three days later: 12 slots were missed.
      await cronPass(db.db, { now: at("2026-03-05T10:00:00Z") });
      await cronPass(db.db, { now: at("2026-03-05T10:01:00Z") });
      const runs = await runsOf(schedule.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]!.slotAt).toEqual(at("2026-03-05T09:00:00Z"));
      const [s] = await db.db.select().from(schedules).where(eq(schedules.id, schedule.id));
      expect(s!.nextTickAt).toEqual(at("2026-03-05T15:00:00Z"));
    });

    it("a manual trigger ticks now and moves no slot; paused schedules get no cron ticks", async () => {
      const { schedule, tenant } = await setup(2, { enabled: false });
      const now = at("2026-03-02T12:00:00Z");
      const run = await tickSchedule(db.db, { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now });
      expect(run).toMatchObject({ trigger: "manual", slotAt: now, status: "dispatched" });
      await cronPass(db.db, { now: at("2026-03-09T12:00:00Z") });
      expect(await runsOf(schedule.id)).toHaveLength(1);
      const [s] = await db.db.select().from(schedules).where(eq(schedules.id, schedule.id));
      expect(s!.nextTickAt).toBeNull();
    });

    it("a crash after selection leaves no run, no agents, last_run_at and the slot unchanged", async () => {
      const { schedule, tenant } = await setup(3, { daily_budget: 2 });
      const now = at("2026-03-02T09:00:00Z");
      const boom = new Error("injected crash");
      let planned = 0;
      await expect(
        tickSchedule(db.db, { trigger: "cron", scheduleId: schedule.id, now }, {
          afterSelection: (plan) => {
            planned = plan.agents.length;
            throw boom;
          },
        }),
      ).rejects.toBe(boom);
      expect(planned).toBe(2); // the crash really came after a selection
      expect(await runsOf(schedule.id)).toHaveLength(0);
      const [{ n }] = (await db.db.select({ n: count() }).from(agents).where(eq(agents.scheduleId, schedule.id))) as [{ n: number }];
      expect(Number(n)).toBe(0);
      const items = await db.db.select().from(scheduleItems).where(eq(scheduleItems.scheduleId, schedule.id));
      expect(items.every((i) => i.lastRunAt === null)).toBe(true);
      const [s] = await db.db.select().from(schedules).where(eq(schedules.id, schedule.id));
      expect(s!.nextTickAt).toEqual(now);
      const usage = await db.db.select().from(tenantDailyUsage).where(eq(tenantDailyUsage.tenantId, tenant.id));
      expect(usage.every((u) => u.used === 0)).toBe(true);
      // The same slot then ticks normally.
      const run = await tickSchedule(db.db, { trigger: "cron", scheduleId: schedule.id, now });
      expect(run?.status).toBe("dispatched");
    });

    it("a tick that fails in a cron pass is recorded as a failed run and the schedule moves on", async () => {
      const { schedule } = await setup(2);
      // Corrupt the schedule so planning throws: an invalid time zone cannot have slots.
      await db.db.execute(sql`update schedules set timezone = 'Invalid/Zone' where id = ${schedule.id}`);
      const res = await cronPass(db.db, { now: at("2026-03-02T09:00:00Z") });
      expect(res.failed).toBe(1);
      const runs = await runsOf(schedule.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: "failed", reason: "error" });
      const again = await cronPass(db.db, { now: at("2026-03-02T09:01:00Z") });
      expect(again.failed).toBe(0);
      expect(await runsOf(schedule.id)).toHaveLength(1);
    });

    it("a broken schedule in a cron batch does not hold back the others", async () => {
      const healthy = await setup(2, { run_time: "10:00" });
      const broken = await setup(2, { run_time: "10:00" });
      await db.db.execute(sql`update schedules set timezone = 'Invalid/Zone' where id = ${broken.schedule.id}`);
      const res = await cronPass(db.db, { now: at("2026-03-02T10:00:05Z") });
      expect(res.failed).toBe(1);
      expect((await runsOf(healthy.schedule.id)).map((r) => r.status)).toEqual(["dispatched"]);
      expect((await runsOf(broken.schedule.id)).map((r) => r.status)).toEqual(["failed"]);
    });

    it("one batch ticks many schedules of one tenant within its day", async () => {
      const created = at("2026-03-02T08:00:00Z");
      const { tenant, project } = await makeTenant(db.db, created, { budget: 7 });
      const ids: string[] = [];
      for (let k = 0; k < 4; k++) {
        const js = await makeJourneys(db.db, tenant.id, project.id, 3, created);
        const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 3, run_time: "11:00" });
        await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
        ids.push(s.id);
      }
      const runs = await tickDueSchedules(db.db, ids, at("2026-03-02T11:00:01Z"));
      expect(runs).toHaveLength(4);
      // 3 + 3 + 1 + 0: each later schedule sees what the earlier ones of the batch left.
      expect(runs.map((r) => r.budget.spent).sort()).toEqual([0, 1, 3, 3]);
      expect(runs.reduce((n, r) => n + r.budget.spent, 0)).toBe(7);
      const [usage] = await db.db.select().from(tenantDailyUsage).where(eq(tenantDailyUsage.tenantId, tenant.id));
      expect(usage!.used).toBe(7);
      // Ticking the same batch again at the same instant changes nothing: the slots are claimed.
      expect(await tickDueSchedules(db.db, ids, at("2026-03-02T11:00:02Z"))).toEqual([]);
    });

    it("the tenant's day is capped across schedules and resets at its local midnight", async () => {
      const created = at("2026-03-02T08:00:00Z");
      const { tenant, project } = await makeTenant(db.db, created, { budget: 5, timezone: "Asia/Kathmandu" });
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) {
        const js = await makeJourneys(db.db, tenant.id, project.id, 4, created);
        const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 4, tick_interval_hours: 1 });
        await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
        ids.push(s.id);
      }
      // 09:00Z is 14:45 in Kathmandu; local midnight is 18:15Z.
      let spentToday = 0;
      for (let h = 9; h < 18; h++) {
        await cronPass(db.db, { now: new Date(Date.UTC(2026, 2, 2, h, 0, 30)) });
      }
      const rows = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from agents where tenant_id = ${tenant.id}`,
      );
      spentToday = rows[0]!.n;
      expect(spentToday).toBe(5);
      await cronPass(db.db, { now: at("2026-03-02T18:20:00Z") });
      const after = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from agents where tenant_id = ${tenant.id}`);
      expect(after[0]!.n).toBeGreaterThan(5);
      expect(after[0]!.n).toBeLessThanOrEqual(10);
      const [usage] = await db.db
        .select()
        .from(tenantDailyUsage)
        .where(and(eq(tenantDailyUsage.tenantId, tenant.id), eq(tenantDailyUsage.localDate, "2026-03-03")));
      expect(usage!.used).toBe(after[0]!.n - 5);
      void HOUR;
    });
  });
}
