// A worker in its own process, for the test that kills one (tests/db/agent-queue-race.test.ts).
// It claims from WORKER_DB_URL as WORKER_OWNER on a fixed clock (WORKER_NOW), announces each agent it
// starts on stdout as a JSON line, and runs each until it is killed: the job never ends by itself.
import { openDb } from "@/lib/db";
import { startWorker } from "@/lib/agents/worker";
import { ScriptedExecutor, untilAborted } from "./scripted-executor";

const url = process.env.WORKER_DB_URL!;
const owner = process.env.WORKER_OWNER!;
const now = new Date(process.env.WORKER_NOW!);
const handle = await openDb({ url, driver: "pg", maxConnections: 4 });
const executor = new ScriptedExecutor((job, signal) => {
  process.stdout.write(JSON.stringify({ running: job.agentId, attempt: job.attempt }) + "\n");
  return untilAborted(signal);
});
startWorker({
  db: handle.db,
  executor,
  owner,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 1),
  leaseMs: Number(process.env.WORKER_LEASE_MS ?? 30_000),
  now: () => now,
  elapsedMs: () => performance.now(),
  pollMs: 50,
});
