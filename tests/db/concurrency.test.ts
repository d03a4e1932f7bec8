// Races need real connections: PGlite has one, so this suite runs on PostgreSQL only
// (TEST_DATABASE_URL; .ci/run sets it). 20 cron passes and 20 manual triggers race over 5 schedules
// of one tenant: one run per slot, no duplicate agents, both budgets respected, last_run_at consistent.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { scheduleItems, scheduleRuns, tenantDailyUsage } from "@/lib/db/schema";
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
