// Cron passes that meet faults: a slot that already has its run, a transient database error, a
// tick that can never succeed. A cron pass ticks every due schedule it finds, so the database is
// emptied before each test.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { scheduleRuns, schedules } from "@/lib/db/schema";
import { cronPass } from "@/lib/tick/cron-pass";
import { describeFailure } from "@/lib/tick/failure";
import { createTestDb, emptyTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { addJourneyItems, makeJourneys, makeSchedule, makeTenant } from "../helpers/world";

const at = (iso: string) => new Date(iso);

/** An error as the pg driver raises it for a lost connection, wrapped as drizzle wraps it. */
function connectionFailure(): Error {
  const pgError = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
  return new Error("Failed query: insert into schedule_runs … params: postgres://rota:hunter2@db.internal/rota", {
    cause: pgError,
  });
}

/** The structured lines written to stderr/stdout during `fn`. */
async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[]; raw: string }> {
  const out: string[] = [];
  const spies = (["error", "warn", "log"] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void out.push(args.map(String).join(" "))),
  );
  try {
    const result = await fn();
    const lines = out.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    return { result, lines, raw: out.join("\n") };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

for (const kind of testDbKinds()) {
  describe(`cron pass faults [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    beforeEach(async () => emptyTestDb(db));
    afterAll(async () => db?.close());

    async function setup(n: number, opts: Parameters<typeof makeSchedule>[4] = {}) {
      const created = at("2026-03-02T08:00:00Z"); // a Monday
      const { tenant, project } = await makeTenant(db.db, created);
      const js = await makeJourneys(db.db, tenant.id, project.id, n, created);
      const s = await makeSchedule(db.db, tenant, project.id, created, { daily_budget: 1, ...opts });
      await addJourneyItems(db.db, tenant.id, s.id, js.map((j) => j.id), created);
      return { tenant, schedule: s };
    }
    const runsOf = (id: string) => db.db.select().from(scheduleRuns).where(eq(scheduleRuns.scheduleId, id));
    const scheduleRow = async (id: string) => (await db.db.select().from(schedules).where(eq(schedules.id, id)))[0]!;

    it("a due slot that already has its run is passed over: the schedule moves on, the batch still ticks", async () => {
      const stuck = await setup(2);
      const other = await setup(2, { run_time: "09:01" });
      await cronPass(db.db, { now: at("2026-03-02T09:00:30Z") });
      expect(await runsOf(stuck.schedule.id)).toHaveLength(1);
      // What a racing PATCH used to do: write back the slot the tick had just claimed.
      await db.db.execute(sql`update schedules set next_tick_at = '2026-03-02T09:00:00Z' where id = ${stuck.schedule.id}`);

      const { result, lines } = await captureLog(() => cronPass(db.db, { now: at("2026-03-02T09:01:30Z") }));
      expect(result).toMatchObject({ ticked: 1, failed: 0, retry: 0 });
      expect(lines.filter((l) => l.event === "tick_batch_failed" || l.event === "tick_failed")).toEqual([]);
      expect((await runsOf(other.schedule.id)).map((r) => r.status)).toEqual(["dispatched"]);
      const runs = await runsOf(stuck.schedule.id);
      expect(runs.map((r) => [r.status, r.slotAt.toISOString()])).toEqual([["dispatched", "2026-03-02T09:00:00.000Z"]]);
      expect((await scheduleRow(stuck.schedule.id)).nextTickAt).toEqual(at("2026-03-03T09:00:00Z"));
      // And the next slot ticks as usual.
      await cronPass(db.db, { now: at("2026-03-03T09:00:10Z") });
      expect((await runsOf(stuck.schedule.id)).length).toBe(2);
    });

    it("a transient error in the one-by-one retry keeps the slot due; the next pass ticks it exactly once", async () => {
      const flaky = await setup(3);
      const healthy = await setup(3);
      let failures = 0;
      const hooks = {
        afterSelection: (_plan: unknown, scheduleId: string) => {
          if (scheduleId === flaky.schedule.id) {
            failures++;
            throw connectionFailure();
          }
        },
      };
      const first = await captureLog(() => cronPass(db.db, { now: at("2026-03-02T09:00:30Z"), hooks }));
      expect(failures).toBe(2); // once in the batch, once alone
      expect(first.result).toMatchObject({ ticked: 1, failed: 0, retry: 1 });
      expect(await runsOf(flaky.schedule.id)).toEqual([]);
      expect((await scheduleRow(flaky.schedule.id)).nextTickAt).toEqual(at("2026-03-02T09:00:00Z"));
      expect((await runsOf(healthy.schedule.id)).map((r) => r.status)).toEqual(["dispatched"]);

      // One structured line for the batch and one for the schedule, with id, slot and code; no secret.
      expect(first.lines.find((l) => l.event === "tick_batch_failed")).toMatchObject({ code: "sqlstate_57P01", transient: true });
      expect(first.lines.filter((l) => l.event === "tick_failed")).toEqual([
        expect.objectContaining({
          schedule_id: flaky.schedule.id,
          slot_at: "2026-03-02T09:00:00.000Z",
          code: "sqlstate_57P01",
          outcome: "retry_next_pass",
        }),
      ]);
      expect(first.raw).not.toContain("hunter2");

      const second = await cronPass(db.db, { now: at("2026-03-02T09:01:30Z") });
      expect(second).toMatchObject({ ticked: 1, failed: 0, retry: 0 });
      const runs = await runsOf(flaky.schedule.id);
      expect(runs.map((r) => [r.trigger, r.status, r.slotAt.toISOString()])).toEqual([
        ["cron", "dispatched", "2026-03-02T09:00:00.000Z"],
      ]);
      await cronPass(db.db, { now: at("2026-03-02T09:02:30Z") });
      expect(await runsOf(flaky.schedule.id)).toHaveLength(1);
    });

    it("a tick that cannot succeed is recorded as a failed run that says why, logged once, and the schedule moves on", async () => {
      const broken = await setup(2);
      await db.db.execute(sql`update schedules set timezone = 'Invalid/Zone' where id = ${broken.schedule.id}`);
      const { result, lines } = await captureLog(() => cronPass(db.db, { now: at("2026-03-02T09:00:00Z") }));
      expect(result).toMatchObject({ failed: 1, retry: 0 });
      const [run] = await runsOf(broken.schedule.id);
      expect(run).toMatchObject({
        status: "failed",
        reason: "error",
        error: { code: "range_error", message: "unknown time zone: Invalid/Zone" },
      });
      expect(lines.filter((l) => l.event === "tick_failed")).toEqual([
        expect.objectContaining({ schedule_id: broken.schedule.id, code: "range_error", outcome: "failed_run", run_id: run!.id }),
      ]);
      expect((await cronPass(db.db, { now: at("2026-03-02T09:01:00Z") })).failed).toBe(0);
      expect(await runsOf(broken.schedule.id)).toHaveLength(1);
    });
  });
}

describe("describeFailure", () => {
  it("tells transient database and network faults from faults a retry cannot cure", () => {
    expect(describeFailure(connectionFailure())).toMatchObject({ code: "sqlstate_57P01", transient: true });
    expect(describeFailure(Object.assign(new Error("x"), { code: "40001" }))).toMatchObject({ transient: true });
    expect(describeFailure(Object.assign(new Error("x"), { code: "40P01" }))).toMatchObject({ transient: true });
    expect(describeFailure(Object.assign(new Error("x"), { code: "08006" }))).toMatchObject({ transient: true });
    expect(describeFailure(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toMatchObject({
      code: "econnrefused",
      transient: true,
    });
    expect(describeFailure(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))).toMatchObject({ code: "epipe" });
    expect(describeFailure(new Error("Connection terminated unexpectedly"))).toMatchObject({ transient: true });
    expect(describeFailure(Object.assign(new Error("bad input"), { code: "22P02" }))).toMatchObject({
      code: "sqlstate_22P02",
      transient: false,
    });
    expect(describeFailure(new RangeError("unknown time zone: X/Y"))).toMatchObject({ code: "range_error", transient: false });
  });

  it("never lets a credential through to the message", () => {
    const f = describeFailure(new Error("cannot open postgres://rota:hunter2@host/db with Bearer abc.def and rota_abcdefabcdef_" + "x".repeat(43)));
    expect(f.message).not.toMatch(/hunter2|abc\.def|x{43}/);
    // A database error's own text (which can quote rows) is not passed on at all.
    const db = describeFailure(Object.assign(new Error('duplicate key value violates unique constraint "x" (secret)'), { code: "23505" }));
    expect(db.message).not.toContain("secret");
  });
});
