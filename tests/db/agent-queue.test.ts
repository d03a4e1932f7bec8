// The agent queue and the worker on each database (docs/agents.md "The queue"): claims, leases,
// results recorded once, retries after a lost worker, release on stop, retention, run completion.
// Races between processes are in agent-queue-race.test.ts (PostgreSQL).
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  claimAgents,
  deleteExpiredAgents,
  finishAgent,
  reapExpiredLeases,
  releaseAgents,
  renewLeases,
} from "@/lib/agents/queue";
import { startWorker } from "@/lib/agents/worker";
import { runCron } from "@/lib/cron";
import { outboxTransport } from "@/lib/digest/transport";
import { agentScreenshots, agents, findings, journeys, scheduleRuns } from "@/lib/db/schema";
import { deleteSchedule } from "@/lib/schedules/service";
import { until } from "../helpers/until";
import { createTestDb, emptyTestDb, testDbKinds, type TestDb } from "../helpers/databases";
import { failed, passed, ScriptedExecutor, untilAborted } from "../helpers/scripted-executor";
import { makeQueuedRun } from "../helpers/world";

const T0 = new Date("2026-03-02T10:00:00Z");
const LEASE = 30_000;
const later = (ms: number) => new Date(T0.getTime() + ms);

for (const kind of testDbKinds()) {
  describe(`agent queue [${kind}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(kind);
    });
    afterAll(async () => db?.close());
    beforeEach(async () => emptyTestDb(db));

    async function queued(n: number) {
      const made = await makeQueuedRun(db.db, n, T0);
      expect(made.agentIds).toHaveLength(n);
      return made;
    }

    const agentRow = async (id: string) => (await db.db.select().from(agents).where(eq(agents.id, id)))[0]!;
    const runRow = async (id: string) => (await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.id, id)))[0]!;

    it("claims the oldest queued agents, each by one worker, with the job's journey and base URL", async () => {
      const { agentIds, journeys: js } = await queued(5);
      const a = await claimAgents(db.db, { owner: "w1", limit: 3, now: T0, leaseMs: LEASE });
      const b = await claimAgents(db.db, { owner: "w2", limit: 3, now: T0, leaseMs: LEASE });
      const c = await claimAgents(db.db, { owner: "w3", limit: 3, now: T0, leaseMs: LEASE });
      expect(a.map((j) => j.agentId)).toEqual(agentIds.slice(0, 3));
      expect(b.map((j) => j.agentId)).toEqual(agentIds.slice(3));
      expect(c).toEqual([]);
      expect(a[0]).toMatchObject({ baseUrl: "https://p.test", attempt: 1, journey: { startPath: "/", steps: [] } });
      expect(js.map((j) => j.id)).toContain(a[0]!.journey.id);
      const row = await agentRow(agentIds[0]!);
      expect(row).toMatchObject({ status: "running", leaseOwner: "w1", startedAt: T0, leaseUntil: later(LEASE) });
    });

    it("records a result once, under the lease only, and completes the run with its last agent", async () => {
      const { runId, agentIds } = await queued(2);
      await claimAgents(db.db, { owner: "w1", limit: 2, now: T0, leaseMs: LEASE });
      const first = await finishAgent(db.db, { agentId: agentIds[0]!, guard: { owner: "w1", attempt: 1 }, result: failed(), now: later(1000) });
      expect(first).toMatchObject({ applied: true, runCompleted: false });
      // A second report, or one from a worker that does not hold the lease, changes nothing.
      expect((await finishAgent(db.db, { agentId: agentIds[0]!, guard: { owner: "w1", attempt: 1 }, result: passed(), now: later(2000) })).applied).toBe(false);
      expect((await finishAgent(db.db, { agentId: agentIds[1]!, guard: { owner: "w2", attempt: 1 }, result: passed(), now: later(2000) })).applied).toBe(false);
      expect((await runRow(runId)).status).toBe("dispatched");

      const row = await agentRow(agentIds[0]!);
      expect(row).toMatchObject({
        status: "failed",
        finishedAt: later(1000),
        durationMs: 45,
        leaseOwner: null,
        screenshotUrl: `/api/v1/agents/${agentIds[0]}/screenshot`,
      });
      expect(row.steps).toHaveLength(2);
      const found = await db.db.select().from(findings).where(eq(findings.agentId, agentIds[0]!));
      expect(found.map((f) => [f.severity, f.step])).toEqual([["high", 1]]);
      const [shot] = await db.db.select().from(agentScreenshots).where(eq(agentScreenshots.agentId, agentIds[0]!));
      expect(Buffer.from(shot!.png).subarray(0, 4).toString("hex")).toBe("89504e47");

      const last = await finishAgent(db.db, { agentId: agentIds[1]!, guard: { owner: "w1", attempt: 1 }, result: passed(), now: later(3000) });
      expect(last).toEqual({ applied: true, runCompleted: true, runId });
      expect(await runRow(runId)).toMatchObject({ status: "completed", finishedAt: later(3000) });
    });

    it("retries an agent whose worker vanished once, then ends it `error` with the reason", async () => {
      const { runId, agentIds } = await queued(1);
      const [id] = agentIds as [string];
      await claimAgents(db.db, { owner: "dead-1", limit: 1, now: T0, leaseMs: LEASE });
      // The heartbeat keeps a lease alive; without it, the lease runs out.
      expect(await renewLeases(db.db, { owner: "dead-1", ids: [id], now: later(20_000), leaseMs: LEASE })).toEqual([]);
      expect(await reapExpiredLeases(db.db, later(LEASE + 1))).toMatchObject({ requeued: 0, failed: 0 });
      expect(await reapExpiredLeases(db.db, later(20_000 + LEASE + 1))).toMatchObject({ requeued: 1, failed: 0 });
      expect(await agentRow(id)).toMatchObject({ status: "queued", attempt: 2, leaseOwner: null, startedAt: null });
      // The vanished worker comes back: its lease is gone, its heartbeat says so, its result is refused.
      expect(await renewLeases(db.db, { owner: "dead-1", ids: [id], now: later(60_000), leaseMs: LEASE })).toEqual([id]);
      expect((await finishAgent(db.db, { agentId: id, guard: { owner: "dead-1", attempt: 1 }, result: passed(), now: later(60_000) })).applied).toBe(false);

      const [retry] = await claimAgents(db.db, { owner: "dead-2", limit: 1, now: later(60_000), leaseMs: LEASE });
      expect(retry).toMatchObject({ agentId: id, attempt: 2 });
      expect(await reapExpiredLeases(db.db, later(60_000 + LEASE + 1))).toMatchObject({ requeued: 0, failed: 1 });
      const row = await agentRow(id);
      expect(row).toMatchObject({ status: "error", attempt: 2, finishedAt: later(60_000 + LEASE + 1) });
      expect(row.error).toMatch(/worker stopped responding .*attempt 2 of 2.*dead-2.*not retried again/);
      expect((await runRow(runId)).status).toBe("completed");
    });

    it("stores a result whose text PostgreSQL could not (NUL, lone surrogates), replacing those characters", async () => {
      const { agentIds } = await queued(1);
      await claimAgents(db.db, { owner: "w1", limit: 1, now: T0, leaseMs: LEASE });
      const nasty = "console says \u0000 and \ud83d alone, then 😀 whole";
      const result = failed();
      result.error = nasty;
      result.steps[1]!.error = nasty;
      result.findings.push({ severity: "medium", title: nasty, detail: nasty.repeat(400), step: 1 });
      const done = await finishAgent(db.db, { agentId: agentIds[0]!, guard: { owner: "w1", attempt: 1 }, result, now: T0 });
      expect(done.applied).toBe(true);
      const row = await agentRow(agentIds[0]!);
      expect(row.error).toBe("console says \ufffd and \ufffd alone, then 😀 whole");
      expect(row.steps[1]!.error).toBe(row.error);
      const found = await db.db.select().from(findings).where(eq(findings.agentId, agentIds[0]!));
      const medium = found.find((f) => f.severity === "medium")!;
      expect(medium.detail.length).toBeLessThanOrEqual(5_000);
      expect(medium.detail.endsWith("…")).toBe(true);
    });

    it("refuses a result from an earlier attempt of the same worker (reaped, then claimed back)", async () => {
      const { agentIds } = await queued(1);
      const [id] = agentIds as [string];
      await claimAgents(db.db, { owner: "w1", limit: 1, now: T0, leaseMs: LEASE });
      await reapExpiredLeases(db.db, later(LEASE + 1));
      const [again] = await claimAgents(db.db, { owner: "w1", limit: 1, now: later(LEASE + 2), leaseMs: LEASE });
      expect(again).toMatchObject({ agentId: id, attempt: 2 });
      const stale = await finishAgent(db.db, { agentId: id, guard: { owner: "w1", attempt: 1 }, result: failed(), now: later(LEASE + 3) });
      expect(stale.applied).toBe(false);
      const current = await finishAgent(db.db, { agentId: id, guard: { owner: "w1", attempt: 2 }, result: passed(), now: later(LEASE + 4) });
      expect(current.applied).toBe(true);
      expect(await agentRow(id)).toMatchObject({ status: "passed", attempt: 2 });
    });

    it("gives back what a stopping worker holds, at the same attempt", async () => {
      const { agentIds } = await queued(2);
      await claimAgents(db.db, { owner: "w1", limit: 2, now: T0, leaseMs: LEASE });
      expect(await releaseAgents(db.db, { owner: "w2", ids: agentIds })).toBe(0);
      expect(await releaseAgents(db.db, { owner: "w1", ids: agentIds })).toBe(2);
      for (const id of agentIds) expect(await agentRow(id)).toMatchObject({ status: "queued", attempt: 1, leaseOwner: null });
    });

    it("ends an agent whose journey was deleted before it ran, instead of running nothing", async () => {
      const { runId, agentIds, journeys: js } = await queued(1);
      await db.db.delete(journeys).where(eq(journeys.id, js[0]!.id));
      expect(await claimAgents(db.db, { owner: "w1", limit: 5, now: T0, leaseMs: LEASE })).toEqual([]);
      expect(await agentRow(agentIds[0]!)).toMatchObject({ status: "error", error: expect.stringMatching(/journey .*deleted/) });
      expect((await runRow(runId)).status).toBe("completed");
    });

    it("deleting a schedule cancels its queued agents and completes the run", async () => {
      const { tenant, schedule, runId, agentIds } = await queued(3);
      await claimAgents(db.db, { owner: "w1", limit: 1, now: T0, leaseMs: LEASE });
      await deleteSchedule(db.db, tenant.id, schedule.id, later(1000));
      const rows = await db.db.select().from(agents).where(inArray(agents.id, agentIds)).orderBy(asc(agents.queuedAt), asc(agents.id));
      expect(rows.map((r) => r.status)).toEqual(["running", "cancelled", "cancelled"]);
      expect((await runRow(runId)).status).toBe("dispatched"); // the running one finishes it
      await finishAgent(db.db, { agentId: agentIds[0]!, guard: { owner: "w1", attempt: 1 }, result: passed(), now: later(2000) });
      expect((await runRow(runId)).status).toBe("completed");
    });

    it("deletes finished agents past the retention period with their findings and screenshots", async () => {
      const old = await queued(2);
      await claimAgents(db.db, { owner: "w1", limit: 1, now: T0, leaseMs: LEASE });
      await finishAgent(db.db, { agentId: old.agentIds[0]!, guard: { owner: "w1", attempt: 1 }, result: failed(), now: T0 });
      const day = 86_400_000;
      expect(await deleteExpiredAgents(db.db, later(90 * day - 1000), 90)).toBe(0);
      // 90 days on: the finished one goes, the still-queued one stays (it has not run yet).
      const result = await runCron(db.db, { now: later(90 * day + 1000), retentionDays: 90, digest: { appUrl: "http://rota.test", from: "rota@rota.test", transport: outboxTransport } });
      expect(result.agents.deleted).toBe(1);
      expect(await db.db.select().from(agents).where(inArray(agents.id, old.agentIds))).toHaveLength(1);
      expect(await db.db.select().from(findings)).toHaveLength(0);
      expect(await db.db.select().from(agentScreenshots)).toHaveLength(0);
    });

    it("a worker runs a tick's agents at its concurrency and the run completes with its counts", async () => {
      const { runId, agentIds } = await queued(5);
      let active = 0;
      let peak = 0;
      const executor = new ScriptedExecutor(async (job) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        return { kind: "finished", result: job.agentId === agentIds[2] ? failed() : passed() };
      });
      const worker = startWorker({ db: db.db, executor, owner: "w1", concurrency: 2, leaseMs: LEASE, now: () => later(5000), elapsedMs: () => 0, pollMs: 20 });
      await until(async () => (await runRow(runId)).status === "completed");
      await worker.stop();
      expect(executor.closed).toBe(true);
      expect(peak).toBe(2);
      expect(executor.jobs.map((j) => j.agentId).sort()).toEqual([...agentIds].sort());
      const rows = await db.db.select().from(agents).where(eq(agents.runId, runId));
      expect(rows.filter((r) => r.status === "passed")).toHaveLength(4);
      expect(rows.filter((r) => r.status === "failed").map((r) => r.id)).toEqual([agentIds[2]]);
    });

    it("a worker that reaps a run's last lost agent completes the run and hands it on (its digest goes from there)", async () => {
      const { runId, agentIds } = await queued(1);
      await claimAgents(db.db, { owner: "dead-1", limit: 1, now: T0, leaseMs: LEASE });
      await reapExpiredLeases(db.db, later(LEASE + 1));
      await claimAgents(db.db, { owner: "dead-2", limit: 1, now: later(LEASE + 2), leaseMs: LEASE });
      const completed: string[] = [];
      const worker = startWorker({
        db: db.db,
        executor: new ScriptedExecutor(),
        owner: "reaper",
        concurrency: 1,
        leaseMs: LEASE,
        now: () => later(3 * LEASE),
        elapsedMs: () => 0,
        pollMs: 20,
        onRunCompleted: async (id) => void completed.push(id),
      });
      await until(async () => completed.length > 0, "the run completed");
      await worker.stop();
      expect(completed).toEqual([runId]);
      expect(await agentRow(agentIds[0]!)).toMatchObject({ status: "error", attempt: 2 });
    });

    it("a stopping worker lets running agents finish within its grace period, then gives the rest back", async () => {
      const { agentIds } = await queued(2);
      const executor = new ScriptedExecutor(async (job, signal) =>
        job.agentId === agentIds[0] ? { kind: "finished", result: passed() } : untilAborted(signal),
      );
      const worker = startWorker({ db: db.db, executor, owner: "w1", concurrency: 2, leaseMs: LEASE, now: () => T0, elapsedMs: () => 0, pollMs: 20, graceMs: 50 });
      await until(async () => executor.jobs.length === 2 && (await agentRow(agentIds[0]!)).status === "passed");
      await worker.stop();
      expect(await agentRow(agentIds[1]!)).toMatchObject({ status: "queued", attempt: 1, leaseOwner: null });
      const claimed = await claimAgents(db.db, { owner: "w2", limit: 5, now: T0, leaseMs: LEASE });
      expect(claimed.map((j) => j.agentId)).toEqual([agentIds[1]]);
    });
  });
}

