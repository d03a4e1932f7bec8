// What a change of time zone does to a schedule's slots (docs/adr/0003-anchor-day.md): slots count
// from the day the schedule was created as seen in its current zone.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schedules } from "@/lib/db/schema";
import { updateSchedule } from "@/lib/schedules/service";
import { createTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { makeSchedule, makeTenant } from "../helpers/world";

for (const kind of testDbKinds()) {
  describe(`schedule time zone changes [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    afterAll(async () => db?.close());

    it("re-anchors to the creation day in the new zone, and back again", async () => {
      // Created at 23:30 UTC on 2 March: already 3 March in Tokyo.
      const created = new Date("2026-03-02T23:30:00Z");
      const { tenant, project } = await makeTenant(db.db, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, { tick_interval_hours: 5, timezone: "UTC" });
      const anchorOf = async () => (await db.db.select().from(schedules).where(eq(schedules.id, s.id)))[0]!.anchorDate;
      expect(await anchorOf()).toBe("2026-03-02");

      const now = new Date("2026-03-04T00:00:00Z");
      const tokyo = await updateSchedule(db.db, tenant.id, s.id, { timezone: "Asia/Tokyo" }, now);
      expect(await anchorOf()).toBe("2026-03-03");
      // 09:00 JST on 3 March is 00:00Z; every 5 h from there, the first after now is 01:00Z on 4 March.
      // (Kept on the old anchor, the slots would have run from 00:00Z on 2 March: 02:00Z.)
      expect(tokyo.next_tick_at).toBe("2026-03-04T01:00:00.000Z");

      const back = await updateSchedule(db.db, tenant.id, s.id, { timezone: "UTC" }, now);
      expect(await anchorOf()).toBe("2026-03-02");
      // 09:00Z on 2 March + 5 h steps: … 20:00Z on 3 March, 01:00Z on 4 March.
      expect(back.next_tick_at).toBe("2026-03-04T01:00:00.000Z");
    });

    it("a change that is not the zone keeps the anchor day", async () => {
      const created = new Date("2026-03-02T23:30:00Z");
      const { tenant, project } = await makeTenant(db.db, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, { tick_interval_hours: 5, timezone: "Asia/Tokyo" });
      await updateSchedule(db.db, tenant.id, s.id, { run_time: "10:00", name: "x" }, new Date("2026-03-10T00:00:00Z"));
      const [row] = await db.db.select().from(schedules).where(eq(schedules.id, s.id));
      expect(row!.anchorDate).toBe("2026-03-03");
    });
  });
}
