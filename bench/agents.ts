// npm run bench:agents — agents per minute through the queue (claim, lease, heartbeat, run, record,
// complete the run) at concurrency 2 against the local demo shop, beside a bare playwright-core script
// making the same page visits at the same concurrency in the same run. The difference is the queue's
// and the bookkeeping's overhead (target: within 15%, i.e. a ratio ≥ 0.85). Figures, not assertions.
//
//   BENCH_DATABASE_URL (or TEST_DATABASE_URL) = a PostgreSQL server (a scratch database is created
//   and dropped); BENCH_AGENTS agents per round (default 40); BENCH_ROUNDS rounds (default 3).
import { randomBytes } from "node:crypto";
import { chromium, type Browser } from "playwright-core";
import { eq } from "drizzle-orm";
import { createPlaywrightExecutor } from "@/lib/agents/playwright";
import { startWorker } from "@/lib/agents/worker";
import { openDb } from "@/lib/db";
import { scheduleRuns } from "@/lib/db/schema";
import { tickSchedule } from "@/lib/tick/tick";
import { adminQuery, withDatabase } from "@/tests/helpers/databases";
import { startDemoShopServer } from "@/tests/helpers/demo-shop-server";
import { addJourneyItems, makeSchedule, makeTenant } from "@/tests/helpers/world";
import { createJourney } from "@/lib/journeys/service";
import { projects } from "@/lib/db/schema";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 2;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

// The journey both sides run: open the home page, go to a product, wait for its button.
const STEPS = [
  { action: "goto" as const, path: "/products/boots" },
  { action: "expect_text" as const, text: "Add to cart" },
];

const shop = await startDemoShopServer();
const dbName = `rota_bench_${randomBytes(4).toString("hex")}`;
await adminQuery(base, `create database ${dbName}`);
const handle = await openDb({ url: withDatabase(base, dbName), driver: "pg", maxConnections: 8 });
await handle.migrate();
const db = handle.db;
const clock = { t: Date.parse("2026-03-02T10:00:00Z") };
const now = () => new Date(clock.t);

/** Runs `n` jobs with at most `concurrency` at once. */
async function pool(n: number, concurrency: number, job: () => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await job();
    }),
  );
}

async function bareRound(browser: Browser): Promise<number> {
  const start = performance.now();
  await pool(AGENTS, CONCURRENCY, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.url}/`, { waitUntil: "load" });
    await page.goto(`${shop.url}/products/boots`, { waitUntil: "load" });
    await page.getByText("Add to cart").first().waitFor({ state: "visible" });
    await context.close();
  });
  return performance.now() - start;
}

const executor = createPlaywrightExecutor({
  chromiumPath: CHROMIUM,
  stepBudgetMs: 10_000,
  stepTimeoutMs: 10_000,
  journeyTimeoutMs: 60_000,
  blockPrivate: false,
  elapsedMs: () => performance.now(),
});

/** The runner alone, called directly at the same concurrency: no queue, no database. */
async function runnerRound(): Promise<number> {
  const job = {
    agentId: "00000000-0000-4000-8000-000000000000",
    tenantId: "00000000-0000-4000-8000-000000000000",
    runId: null,
    attempt: 1,
    baseUrl: shop.url,
    journey: { id: "00000000-0000-4000-8000-000000000000", name: "bench", startPath: "/", steps: STEPS },
  };
  const hooks = { handOff: async () => false };
  const start = performance.now();
  await pool(AGENTS, CONCURRENCY, async () => {
    const outcome = await executor.run(job, new AbortController().signal, hooks);
    if (outcome.kind !== "finished" || outcome.result.status !== "passed") throw new Error(`bench journey did not pass: ${JSON.stringify(outcome)}`);
  });
  return performance.now() - start;
}

/** Milliseconds the queue round's slots spent inside the runner. */
let busyMs = 0;
const busyShares: number[] = [];

async function queueRound(): Promise<number> {
  clock.t += 86_400_000; // a new budget day per round
  const { tenant, project } = await makeTenant(db, now(), { budget: 100_000 });
  await db.update(projects).set({ baseUrl: shop.url }).where(eq(projects.id, project.id));
  const journeys = [];
  for (let i = 0; i < AGENTS; i++) {
    journeys.push(
      await createJourney(db, tenant.id, { project_id: project.id, name: `J${i}`, description: "", start_path: "/", steps: STEPS }, now()),
    );
  }
  const schedule = await makeSchedule(db, tenant, project.id, now(), { daily_budget: AGENTS });
  await addJourneyItems(db, tenant.id, schedule.id, journeys.map((j) => j.id), now());
  const run = await tickSchedule(db, { trigger: "manual", scheduleId: schedule.id, tenantId: tenant.id, now: now() });
  const start = performance.now();
  const worker = startWorker({
    db,
    executor: {
      name: executor.name,
      // Timed around the runner alone: what the slots spend outside it is the queue's own cost.
      run: async (job, signal, hooks) => {
        const t = performance.now();
        try {
          return await executor.run(job, signal, hooks);
        } finally {
          busyMs += performance.now() - t;
        }
      },
      close: async () => {},
    },
    owner: `bench-${clock.t}`,
    concurrency: CONCURRENCY,
    leaseMs: 30_000,
    now,
    elapsedMs: () => performance.now(),
    pollMs: 50,
  });
  for (;;) {
    const [row] = await db.select({ status: scheduleRuns.status }).from(scheduleRuns).where(eq(scheduleRuns.id, run!.id));
    if (row!.status === "completed") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsed = performance.now() - start;
  await worker.stop();
  busyShares.push(busyMs / CONCURRENCY / elapsed);
  busyMs = 0;
  return elapsed;
}

const perMinute = (ms: number) => (AGENTS / ms) * 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic"],
  });
  // Warm both up (browser start, first page) before anything is timed.
  await bareRound(browser);
  await runnerRound();
  await queueRound();
  const bare: number[] = [];
  const runner: number[] = [];
  const queued: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bare.push(await bareRound(browser));
    runner.push(await runnerRound());
    queued.push(await queueRound());
    console.log(
      `round ${r + 1}: bare ${perMinute(bare[r]!).toFixed(0)}/min, runner ${perMinute(runner[r]!).toFixed(0)}/min, queue ${perMinute(queued[r]!).toFixed(0)}/min`,
    );
  }
  await browser.close();
  const b = perMinute(median(bare));
  const q = perMinute(median(queued));
  const rn = perMinute(median(runner));
  console.log(`\n${AGENTS} agents per round, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds`);
  console.log(`bare playwright-core script: ${b.toFixed(0)} agents/min`);
  console.log(`the runner alone (no queue): ${rn.toFixed(0)} agents/min`);
  console.log(`through the queue:           ${q.toFixed(0)} agents/min`);
  console.log(`ratio queue/runner: ${(q / rn).toFixed(2)} (the queue's and the bookkeeping's own share, with noise)`);
  console.log(
    `slots busy in the runner: ${(100 * median(busyShares.slice(1))).toFixed(1)}% of the queue rounds' wall time (the rest: claiming, recording, completing the run, polling)`,
  );
  console.log(`ratio queue/bare: ${(q / b).toFixed(2)} (target ≥ 0.85)`);
} finally {
  await executor.close();
  await handle.close();
  await adminQuery(base, `drop database if exists ${dbName} with (force)`);
  await shop.close();
}
