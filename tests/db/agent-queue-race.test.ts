// Workers racing for the queue on PostgreSQL (PGlite has one connection, so it cannot race): two
// workers share 50 agents and each agent runs exactly once; a worker process killed mid-agent loses
// its lease and another retries the agent; a second loss ends it `error`.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimAgents, finishAgent, reapExpiredLeases } from "@/lib/agents/queue";
import { startWorker } from "@/lib/agents/worker";
import { agents, scheduleRuns } from "@/lib/db/schema";
import { until } from "../helpers/until";
import { createTestDb, type TestDb } from "../helpers/databases";
import { passed, ScriptedExecutor } from "../helpers/scripted-executor";
import { makeQueuedRun } from "../helpers/world";

const T0 = new Date("2026-03-02T10:00:00Z");
const LEASE = 30_000;

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("agent queue races [pg]", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb("pg", { maxConnections: 12 });
  });
  afterAll(async () => db?.close());

  const queued = async (n: number) => (await makeQueuedRun(db.db, n, T0)).runId;
  const runStatus = async (runId: string) =>
    (await db.db.select().from(scheduleRuns).where(eq(scheduleRuns.id, runId)))[0]!.status;

  it("two workers, 50 agents: every agent runs exactly once", async () => {
    const runId = await queued(50);
    const executor = new ScriptedExecutor(async () => {
      await new Promise((r) => setTimeout(r, 2)); // let the two workers interleave
      return { kind: "finished", result: passed() };
    });
    const common = { db: db.db, executor, concurrency: 2, leaseMs: LEASE, now: () => T0, elapsedMs: () => 0, pollMs: 10 };
    const workers = [startWorker({ ...common, owner: "w1" }), startWorker({ ...common, owner: "w2" })];
    await until(async () => (await runStatus(runId)) === "completed");
    await Promise.all(workers.map((w) => w.stop()));
    const ran = executor.jobs.map((j) => j.agentId);
    expect(new Set(ran).size).toBe(50);
    expect(ran).toHaveLength(50);
    expect(workers[0]!.finished + workers[1]!.finished).toBe(50);
    expect(Math.min(workers[0]!.finished, workers[1]!.finished)).toBeGreaterThan(0);
    const rows = await db.db.select().from(agents).where(eq(agents.runId, runId));
    expect(rows.every((r) => r.status === "passed" && r.attempt === 1)).toBe(true);
  });

  it("the last two agents of a run finishing at the same moment complete the run (20 rounds)", async () => {
    for (let round = 0; round < 20; round++) {
      const runId = await queued(2);
      const jobs = await claimAgents(db.db, { owner: "w", limit: 2, now: T0, leaseMs: LEASE });
      expect(jobs.filter((j) => j.runId === runId)).toHaveLength(2);
      await Promise.all(
        jobs.map((j) => finishAgent(db.db, { agentId: j.agentId, guard: { owner: "w", attempt: 1 }, result: passed(), now: T0 })),
      );
      expect(await runStatus(runId), `round ${round}`).toBe("completed");
    }
  });

  it("a worker killed mid-agent (SIGKILL) loses its lease; another worker retries it; a second loss ends it `error`", async () => {
    const runId = await queued(1);
    const [agent] = await db.db.select().from(agents).where(eq(agents.runId, runId));
    const id = agent!.id;

    // Attempt 1: a real worker process takes it, and is killed while it runs.
    const first = await childRunning("child-1", T0);
    expect(first.started).toEqual({ running: id, attempt: 1 });
    first.child.kill("SIGKILL");
    await first.exited;
    expect((await db.db.select().from(agents).where(eq(agents.id, id)))[0]).toMatchObject({ status: "running", leaseOwner: "child-1" });

    // Its lease runs out: the agent is queued for its second attempt, and a second process takes it.
    expect(await reapExpiredLeases(db.db, new Date(T0.getTime() + LEASE + 1))).toMatchObject({ requeued: 1, failed: 0 });
    const t1 = new Date(T0.getTime() + 60_000);
    const second = await childRunning("child-2", t1);
    expect(second.started).toEqual({ running: id, attempt: 2 });
    second.child.kill("SIGKILL");
    await second.exited;

    // The second loss: `error`, with the reason, and the run completes.
    expect(await reapExpiredLeases(db.db, new Date(t1.getTime() + LEASE + 1))).toMatchObject({ requeued: 0, failed: 1 });
    const [row] = await db.db.select().from(agents).where(eq(agents.id, id));
    expect(row).toMatchObject({ status: "error", attempt: 2 });
    expect(row!.error).toMatch(/worker stopped responding.*child-2/);
    expect(await runStatus(runId)).toBe("completed");
  });

  it("an agent retried after its worker was killed runs to the end on another worker", async () => {
    const runId = await queued(1);
    const victim = await childRunning("child-3", T0);
    victim.child.kill("SIGKILL");
    await victim.exited;
    await reapExpiredLeases(db.db, new Date(T0.getTime() + LEASE + 1));
    const executor = new ScriptedExecutor();
    const worker = startWorker({ db: db.db, executor, owner: "survivor", concurrency: 2, leaseMs: LEASE, now: () => T0, elapsedMs: () => 0, pollMs: 10 });
    await until(async () => (await runStatus(runId)) === "completed");
    await worker.stop();
    expect(executor.jobs.map((j) => j.attempt)).toEqual([2]);
    const [row] = await db.db.select().from(agents).where(eq(agents.runId, runId));
    expect(row).toMatchObject({ status: "passed", attempt: 2 });
  });

  /** Starts a worker process and waits until it has started an agent. */
  async function childRunning(owner: string, now: Date) {
    const child: ChildProcess = spawn(
      process.execPath,
      // tsx as a loader in this one process: its CLI would run the script in a grandchild that
      // SIGKILL (which cannot be relayed) would leave running.
      ["--import", "tsx", "tests/helpers/agent-worker-child.ts"],
      {
        env: { ...process.env, WORKER_DB_URL: db.url!, WORKER_OWNER: owner, WORKER_NOW: now.toISOString(), WORKER_LEASE_MS: String(LEASE) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const lines = readline.createInterface({ input: child.stdout! });
    const started = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${owner} started no agent within 30 s`)), 30_000);
      lines.on("line", (line) => {
        if (!line.startsWith("{\"running\"")) return;
        clearTimeout(timer);
        lines.close();
        resolve(JSON.parse(line));
      });
      child.once("exit", (code) => reject(new Error(`${owner} exited (${code}) before starting an agent`)));
    });
    return { child, exited, started };
  }
});

