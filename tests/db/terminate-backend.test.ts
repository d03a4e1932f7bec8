// A tick's connection killed mid-transaction (pg_terminate_backend from a second connection, as an
// operator or a failover would): the tick's writes are lost whole, never in part, and the next tick
// succeeds. PostgreSQL only; the database is this file's own, so the one backend it finds there
// waiting inside a transaction (or on a lock) is the tick's.
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { connectionFault } from "@/lib/db/faults";
import { scheduleRuns } from "@/lib/db/schema";
import { cronPass } from "@/lib/tick/cron-pass";
import { tickSchedule } from "@/lib/tick/tick";
import { createTestDb, emptyTestDb, type TestDb } from "../helpers/databases";
import { until } from "../helpers/until";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";

const at = (iso: string) => new Date(iso);

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("a tick's backend terminated mid-transaction [pg]", () => {
  let db: TestDb;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await createTestDb("pg");
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
  });
  beforeEach(async () => emptyTestDb(db));

  async function world() {
    const created = at("2026-03-02T08:00:00Z");
    const { tenant, project } = await makeTenant(db.db, created, { budget: 10 });
    const js = await makeJourneys(db.db, tenant.id, project.id, 3, created);
    const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 2 });
    await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
    return { tenant, schedule: s };
  }

  /** Everything a tick writes, as committed. */
  async function state(scheduleId: string) {
    const runs = await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, scheduleId));
    const [row] = await queryRows<{ agents: number; items_run: number; used: number; last_tick_ms: number | null }>(
      db.db,
      sql`select (select count(*)::int from agents where schedule_id = s.id) as agents,
                 (select count(*)::int from schedule_items where schedule_id = s.id and last_run_at is not null) as items_run,
                 (select coalesce(sum(used), 0)::int from tenant_daily_usage where tenant_id = s.tenant_id) as used,
                 (extract(epoch from s.last_tick_at) * 1000)::float8 as last_tick_ms
            from schedules s where s.id = ${scheduleId}`,
    );
    return { runs, ...row! };
  }

  /** Backends of this database other than the admin connection, in the given state. */
  async function backends(where: "idle in transaction" | "waiting on a lock"): Promise<number[]> {
    const condition = where === "idle in transaction" ? "state = 'idle in transaction'" : "wait_event_type = 'Lock'";
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${condition}`,
    );
    return rows.map((r) => r.pid);
  }

  async function terminate(pid: number) {
    // Waits (up to 10 s) until the backend is gone.
    const { rows } = await admin.query<{ ok: boolean }>("select pg_terminate_backend($1, 10000) as ok", [pid]);
    expect(rows[0]!.ok).toBe(true);
  }

  it("killed after every write and before COMMIT: no run, no agents, no spend; the next tick succeeds", async () => {
    const { tenant, schedule } = await world();
    const now = at("2026-03-02T10:00:00Z");
    const killed: number[] = [];
    const attempt = tickSchedule(
      db.db,
      { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now },
      {
        afterWrites: async (runs) => {
          expect(runs).toHaveLength(1); // the run, its agents and the spend are written, not committed
          const pids = await backends("idle in transaction");
          expect(pids).toHaveLength(1);
          await terminate(pids[0]!);
          killed.push(pids[0]!);
        },
      },
    );
    const err = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(killed).toHaveLength(1);
    expect(connectionFault(err), String(err)).not.toBeNull();
    expect(await state(schedule.id)).toEqual({ runs: [], agents: 0, items_run: 0, used: 0, last_tick_ms: null });

    const run = await tickSchedule(db.db, { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now });
    expect(run).toMatchObject({ status: "dispatched", budget: { spent: 2 } });
    const after = await state(schedule.id);
    expect(after.runs.map((r) => r.id)).toEqual([run!.id]);
    expect(after).toMatchObject({ agents: 2, items_run: 2, used: 2, last_tick_ms: now.getTime() });
  });

  it("killed inside the write statement of a cron pass (blocked on a lock): nothing of it stays, and the pass ticks the slot alone, once", async () => {
    const { schedule } = await world();
    // A second connection holds a lock the tick's write needs, so the tick is caught mid-statement.
    await admin.query("begin");
    await admin.query("lock table agents in share mode");
    const pass = cronPass(db.db, { now: at("2026-03-02T09:00:30Z") });
    let pids: number[] = [];
    await until(async () => (pids = await backends("waiting on a lock")).length === 1, "the tick blocked on the lock");
    await terminate(pids[0]!);
    // Nothing of the killed transaction is visible, even before the lock is given up.
    expect(await state(schedule.id)).toMatchObject({ runs: [], agents: 0, items_run: 0, used: 0 });
    await admin.query("commit");

    // The batch failed with the connection; the pass ticked the schedule again alone.
    expect(await pass).toMatchObject({ due: 1, ticked: 1, failed: 0, retry: 0 });
    const after = await state(schedule.id);
    expect(after.runs.map((r) => [r.trigger, r.status, r.slotAt.toISOString()])).toEqual([
      ["cron", "dispatched", "2026-03-02T09:00:00.000Z"],
    ]);
    expect(after).toMatchObject({ agents: 2, items_run: 2, used: 2 });
    expect(await cronPass(db.db, { now: at("2026-03-02T09:05:00Z") })).toMatchObject({ due: 0, ticked: 0 });
  });
});
