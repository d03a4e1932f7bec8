// The database restarted during a cron pass, on a PostgreSQL server of this file's own
// (tests/helpers/pg-cluster.ts: the shared TEST_DATABASE_URL server cannot be restarted under the
// other suites). "During" is made exact with the pass's tick seam: the server goes down while the
// pass's second tick holds its open transaction, after the first tick committed and before the
// third began. The real cron pass (lib/cron.ts) with an injected clock; each tick is one transaction.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCron, type CronOptions } from "@/lib/cron";
import { openDb, queryRows, type DbHandle } from "@/lib/db";
import { connectionFault } from "@/lib/db/faults";
import { scheduleRuns, schedules } from "@/lib/db/schema";
import { outboxTransport } from "@/lib/digest/transport";
import type { TickHooks } from "@/lib/tick/tick";
import { emptyTestDb } from "../helpers/databases";
import { createPgCluster, type PgCluster } from "../helpers/pg-cluster";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";

const at = (iso: string) => new Date(iso);
const SLOT = "2026-03-02T09:00:00.000Z";

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set (PostgreSQL is installed).
describe("database restart during a cron pass [pg, own server]", () => {
  let cluster: PgCluster;
  let handle: DbHandle;
  beforeAll(async () => {
    cluster = await createPgCluster();
    handle = await openDb({ url: cluster.url, driver: "pg", connectTimeoutMs: 2_000 });
    await handle.migrate();
  });
  afterAll(async () => {
    await handle?.close();
    await cluster?.destroy();
  });
  beforeEach(async () => emptyTestDb(handle));

  /** Three tenants with a schedule each (daily at 09:00, two journeys, one agent a tick). */
  async function threeSchedules() {
    const created = at("2026-03-02T08:00:00Z"); // a Monday
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      const { tenant, project } = await makeTenant(handle.db, created);
      const js = await makeJourneys(handle.db, tenant.id, project.id, 2, created);
      const s = await makeSchedule(handle.db, tenant, project.id, created, { daily_budget: 1 });
      await addJourneyItems(handle.db, tenant.id, s.id, js.map((j) => j.id), created);
      ids.push(s.id);
    }
    return ids;
  }

  // One transaction per schedule, so that the pass has a "between two ticks".
  const cron = (now: string, hooks?: TickHooks): CronOptions => ({
    now: at(now),
    tickBatch: 1,
    hooks,
    retentionDays: 90,
    digest: { appUrl: "https://rota.test", from: "Rota <digest@rota.test>", transport: outboxTransport },
  });

  /** Whatever a tick writes, per schedule: its runs (slots), agents, items run and the tenant's spend. */
  async function written(scheduleId: string) {
    const runs = await handle.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, scheduleId));
    const [counts] = await queryRows<{ agents: number; items_run: number; used: number; next_tick_at: string }>(
      handle.db,
      sql`select (select count(*)::int from agents where schedule_id = s.id) as agents,
                 (select count(*)::int from schedule_items where schedule_id = s.id and last_run_at is not null) as items_run,
                 (select coalesce(sum(used), 0)::int from tenant_daily_usage where tenant_id = s.tenant_id) as used,
                 to_char(s.next_tick_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as next_tick_at
            from schedules s where s.id = ${scheduleId}`,
    );
    return { slots: runs.map((r) => `${r.trigger} ${r.status} ${r.slotAt.toISOString()}`).sort(), ...counts! };
  }
  const ticked = { slots: [`cron dispatched ${SLOT}`], agents: 1, items_run: 1, used: 1, next_tick_at: "2026-03-03T09:00:00Z" };
  const untouched = { slots: [], agents: 0, items_run: 0, used: 0, next_tick_at: "2026-03-02T09:00:00Z" };

  it("down from the second tick to the end of the pass: the pass rejects with the connection error, writes no partial tick, and the next pass ticks each missed slot exactly once", async () => {
    const ids = await threeSchedules();
    const order: string[] = [];
    const hooks: TickHooks = {
      afterSelection: async (_plan, scheduleId) => {
        order.push(scheduleId);
        // The second tick's transaction is open (its schedule locked, its selection made): stop the server.
        if (order.length === 2) await cluster.stop();
      },
    };
    const pass = runCron(handle.db, cron("2026-03-02T09:00:30Z", hooks));
    const err = await pass.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, "the pass must fail while the database is down").not.toBeNull();
    expect(connectionFault(err)).toMatch(/^econnrefused$|^sqlstate_57P0[13]$|^connection_lost$/);
    expect(order).toHaveLength(2); // the third schedule never reached its selection

    await cluster.start();
    // The pool recovers by itself: the same handle, no reopening.
    const [first, second, third] = [order[0]!, order[1]!, ids.find((id) => !order.includes(id))!];
    expect(await written(first)).toEqual(ticked); // committed before the stop
    expect(await written(second)).toEqual(untouched); // its transaction died with the server: nothing of it
    expect(await written(third)).toEqual(untouched);

    const next = await runCron(handle.db, cron("2026-03-02T09:05:00Z"));
    expect(next).toMatchObject({ due: 2, ticked: 2, failed: 0, retry: 0 });
    for (const id of ids) expect(await written(id)).toEqual(ticked);
    // And never again for that slot.
    expect(await runCron(handle.db, cron("2026-03-02T09:10:00Z"))).toMatchObject({ due: 0, ticked: 0 });
    for (const id of ids) expect((await written(id)).slots).toEqual([`cron dispatched ${SLOT}`]);
  });

  it("pg_ctl restart while a tick holds its transaction: that transaction is lost whole, the pass ticks its schedule again alone on a new connection, every slot exactly once", async () => {
    const ids = await threeSchedules();
    let restarted = 0;
    const hooks: TickHooks = {
      afterSelection: async () => {
        if (restarted++ === 1) await cluster.restart(); // ends every connection (57P01), back up when it returns
      },
    };
    const result = await runCron(handle.db, cron("2026-03-02T09:00:30Z", hooks));
    expect(result).toMatchObject({ due: 3, ticked: 3, failed: 0, retry: 0 });
    for (const id of ids) expect(await written(id)).toEqual(ticked);
    const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(schedules);
    expect(row!.n).toBe(3);
    expect(await runCron(handle.db, cron("2026-03-02T09:05:00Z"))).toMatchObject({ due: 0, ticked: 0 });
  });
});
