// `npm run worker` as a process (scripts/worker.ts) on PostgreSQL: it runs agents in Chromium, and on
// SIGTERM stops claiming, finishes what fits in its grace period, gives back the rest, and exits 0.
import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents } from "@/lib/db/schema";
import { createJourney } from "@/lib/journeys/service";
import { projects } from "@/lib/db/schema";
import { tickSchedule } from "@/lib/tick/tick";
import type { JourneyStep } from "@/lib/journeys/schemas";
import { until } from "../helpers/until";
import { createTestDb, type TestDb } from "../helpers/databases";
import { startDemoShopServer, type DemoShopServer } from "../helpers/demo-shop-server";
import { addJourneyItems, makeSchedule, makeTenant } from "../helpers/world";

const T0 = new Date("2026-03-02T10:00:00Z");
// tsx as a loader in the worker's own process, so signals reach the worker itself, not a launcher.
const TSX_LOADER = ["--import", "tsx"];

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set.
describe("npm run worker [pg]", () => {
  let db: TestDb;
  let shop: DemoShopServer;
  beforeAll(async () => {
    db = await createTestDb("pg");
    shop = await startDemoShopServer();
  });
  afterAll(async () => {
    await db?.close();
    await shop?.close();
  });

  async function queuedAgent(steps: JourneyStep[]) {
    const { tenant, project } = await makeTenant(db.db, T0);
    await db.db.update(projects).set({ baseUrl: shop.url }).where(eq(projects.id, project.id));
    const journey = await createJourney(db.db, tenant.id, { project_id: project.id, name: "J", description: "", start_path: "/", steps }, T0);
    const schedule = await makeSchedule(db.db, tenant, project.id, T0, { daily_budget: 1 });
    await addJourneyItems(db.db, tenant.id, schedule.id, [journey.id], T0);
    const run = await tickSchedule(db.db, { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now: T0 });
    const [agent] = await db.db.select().from(agents).where(eq(agents.runId, run!.id));
    return agent!.id;
  }
  const agentRow = async (id: string) => (await db.db.select().from(agents).where(eq(agents.id, id)))[0]!;

  function startWorkerProcess(env: Record<string, string>) {
    const child = spawn(process.execPath, [...TSX_LOADER, "scripts/worker.ts"], {
      // The test site is on 127.0.0.1, which a worker refuses by default.
      env: { ...process.env, DATABASE_URL: db.url!, AGENT_CONCURRENCY: "1", AGENT_BLOCK_PRIVATE: "off", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exited, output: () => output };
  }


  it("finishes the agent it is running within the grace period, then exits 0", async () => {
    const id = await queuedAgent([{ action: "wait", ms: 1500 }, { action: "expect_text", text: "Rota demo shop" }]);
    const worker = startWorkerProcess({ AGENT_SHUTDOWN_GRACE_MS: "20000" });
    await until(async () => (await agentRow(id)).status === "running", "the worker took the agent");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await agentRow(id)).toMatchObject({ status: "passed", attempt: 1, leaseOwner: null, error: null });
    expect(worker.output()).toMatch(/stopped after 1 agents/);
  });

  it("gives back an agent that does not finish within the grace period, at the same attempt", async () => {
    const id = await queuedAgent([{ action: "wait", ms: 10_000 }, { action: "wait", ms: 10_000 }]);
    const worker = startWorkerProcess({ AGENT_SHUTDOWN_GRACE_MS: "300" });
    await until(async () => (await agentRow(id)).status === "running", "the worker took the agent");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await agentRow(id)).toMatchObject({ status: "queued", attempt: 1, leaseOwner: null, startedAt: null });
  });

  it("refuses private addresses unless told otherwise: the journey fails at its first step, saying why", async () => {
    const id = await queuedAgent([{ action: "expect_text", text: "Rota demo shop" }]);
    const worker = startWorkerProcess({ AGENT_BLOCK_PRIVATE: "" });
    await until(async () => (await agentRow(id)).status === "failed", "the agent ran");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    const row = await agentRow(id);
    expect(row.steps[0]).toMatchObject({ index: 0, action: "open", status: "failed" });
    expect(row.steps[0]!.error).toMatch(/127\.0\.0\.1 is a loopback address/);
  });

  it("refuses to start without DATABASE_URL (the embedded database belongs to npm start)", async () => {
    const worker = startWorkerProcess({ DATABASE_URL: "" });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/npm run worker needs DATABASE_URL/);
  });
});
