// npm run worker — one agent worker against DATABASE_URL (docs/agents.md "Running workers"). Run as
// many as you like, on any machines: they share the queue through the database. SIGTERM or Ctrl-C:
// stop claiming, let running agents finish (or give them back to the queue), and exit.
import { dbOptionsFromEnv, openDb } from "@/lib/db";
import { startConfiguredWorker } from "@/lib/agents/runtime";
import { configOrExit } from "./config";

// A worker outside `npm start` is a deployment: it refuses private networks unless told otherwise.
process.env.AGENT_BLOCK_PRIVATE ||= "on";
const config = configOrExit();
if (!config.DATABASE_URL) {
  // PGlite is one process per data folder: a second process would silently diverge from the server's.
  console.error(
    "npm run worker needs DATABASE_URL (PostgreSQL or Neon). With the embedded database, `npm start` runs the worker itself.",
  );
  process.exit(1);
}

const handle = await openDb({ ...dbOptionsFromEnv(), maxConnections: config.AGENT_CONCURRENCY + 2 });
const worker = startConfiguredWorker(handle.db, config, { now: () => new Date(), elapsedMs: () => performance.now() });
console.log(
  `[rota] worker ${worker.owner} on ${handle.driver}: executor ${config.AGENT_EXECUTOR}, concurrency ${config.AGENT_CONCURRENCY}`,
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`[rota] worker ${worker.owner}: ${signal}, finishing what it holds`);
    await worker.stop();
    await handle.close();
    console.log(`[rota] worker ${worker.owner}: stopped after ${worker.finished} agents`);
    process.exit(0);
  });
}
