// The reads on every API request's path, made cheaper for bench:api: one schedule with its items in a
// single statement (findScheduleWithItems, the same rows as findSchedule + itemsOf, costs included),
// and API-key authentication writing last_used_at at most once a minute.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/api-keys";
import { apiKeys } from "@/lib/db/schema";
import { addItem } from "@/lib/schedules/items";
import { findSchedule, findScheduleWithItems, itemsOf } from "@/lib/schedules/repo";
import { deleteSchedule } from "@/lib/schedules/service";
import { createTenant } from "@/lib/tenants/service";
import { tickSchedule } from "@/lib/tick/tick";
import { createTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { addJourneyItems, makeJourneys, makePlan, makeSchedule, makeTenant } from "../helpers/world";

const NOW = new Date("2026-03-02T10:00:00Z");
const OTHER_UUID = "00000000-0000-4000-8000-000000000000";

for (const kind of testDbKinds()) {
  describe(`schedule and API-key reads [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    afterAll(async () => db?.close());

    it("reads a schedule and its costed items in board order, as findSchedule and itemsOf do", async () => {
      const { tenant, project } = await makeTenant(db.db, NOW);
      const journeys = await makeJourneys(db.db, tenant.id, project.id, 5, NOW);
      const ids = journeys.map((j) => j.id);
      const bigPlan = await makePlan(db.db, tenant.id, project.id, ids.slice(0, 3), NOW);
      const smallPlan = await makePlan(db.db, tenant.id, project.id, ids.slice(3, 5), NOW);
      const s = await makeSchedule(db.db, tenant, project.id, NOW);
      await addJourneyItems(db.db, tenant.id, s.id, ids.slice(0, 2), NOW, 1);
      await addItem(db.db, tenant.id, s.id, { test_plan_id: bigPlan.id, priority: 2 }, NOW);
      await addItem(db.db, tenant.id, s.id, { test_plan_id: smallPlan.id, priority: 0 }, NOW);
      // Another schedule with the same plan: its items must not leak into the first one's.
      const other = await makeSchedule(db.db, tenant, project.id, NOW);
      await addItem(db.db, tenant.id, other.id, { test_plan_id: bigPlan.id, priority: 0 }, NOW);
      await tickSchedule(db.db, { trigger: "manual", scheduleId: s.id, tenantId: tenant.id, now: NOW }); // some last_run_at

      const { schedule, items } = await findScheduleWithItems(db.db, tenant.id, s.id);
      expect(schedule).toEqual(await findSchedule(db.db, tenant.id, s.id));
      expect(items).toEqual((await itemsOf(db.db, [s.id])).get(s.id));
      expect(items.map((i) => [i.priority, i.cost])).toEqual([[2, 3], [1, 1], [1, 1], [0, 2]]);
      expect(items.some((i) => i.lastRunAt instanceof Date)).toBe(true);
      expect(items.every((i) => i.createdAt instanceof Date && typeof i.seq === "number")).toBe(true);

      const empty = await makeSchedule(db.db, tenant, project.id, NOW);
      expect((await findScheduleWithItems(db.db, tenant.id, empty.id)).items).toEqual([]);
    });

    it("another tenant's schedule, a deleted one or an unknown id is not found", async () => {
      const { tenant, project } = await makeTenant(db.db, NOW);
      const stranger = await makeTenant(db.db, NOW);
      const s = await makeSchedule(db.db, tenant, project.id, NOW);
      await expect(findScheduleWithItems(db.db, stranger.tenant.id, s.id)).rejects.toMatchObject({ status: 404 });
      await expect(findScheduleWithItems(db.db, tenant.id, OTHER_UUID)).rejects.toMatchObject({ status: 404 });
      await deleteSchedule(db.db, tenant.id, s.id, NOW);
      await expect(findScheduleWithItems(db.db, tenant.id, s.id)).rejects.toMatchObject({ status: 404 });
    });

    it("records a key's last use at most once a minute", async () => {
      const { tenant, api_key } = await createTenant(db.db, { name: "K", daily_agent_budget: 10, timezone: "UTC" }, NOW);
      const lastUsed = async () =>
        (await db.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.tenantId, tenant.id)))[0]!.at;
      const header = `Bearer ${api_key}`;
      expect(await lastUsed()).toBeNull();
      expect((await authenticate(db.db, header, NOW)).tenant.id).toBe(tenant.id);
      expect(await lastUsed()).toEqual(NOW);
      await authenticate(db.db, header, new Date(NOW.getTime() + 59_000));
      expect(await lastUsed()).toEqual(NOW);
      const later = new Date(NOW.getTime() + 61_000);
      await authenticate(db.db, header, later);
      expect(await lastUsed()).toEqual(later);
    });
  });
}
