// The server half of `npm run soak` (bench/soak.ts forks it with --expose-gc): the real route
// handlers of app/api behind a real HTTP server, the database (embedded PGlite in memory, as
// `npm start` uses by default, or the PostgreSQL URL it is given), and an agent worker with a scripted
// executor (no browser: the soak is about the server's own memory). Time is virtual: every request
// and the worker read the clock the parent sets. The parent talks to it over the fork's IPC channel
// only (set the clock, sample the heap after a full GC, stop), so no route exposes heap figures.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { pathToFileURL } from "node:url";
import type { AgentExecutor } from "@/lib/agents/executor";

export type ToServer = { type: "clock"; at: number } | { type: "heap" } | { type: "snapshot"; file: string } | { type: "stop" };
export type FromServer =
  | { type: "ready"; url: string; driver: string }
  | { type: "clock" }
  | { type: "heap"; heapUsed: number; heapTotal: number; rss: number; external: number; arrayBuffers: number }
  | { type: "snapshot"; file: string }
  | { type: "stopped" };

async function main() {
  const send = (msg: FromServer) => process.send!(msg);
  if (!process.send) throw new Error("bench/soak-server.ts is started by bench/soak.ts (npm run soak)");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");

  // Configuration before anything reads it (lib/env.ts reads once); the tokens come from the parent.
  Object.assign(process.env, {
    SCHEDULER: "off",
    WORKER: "off",
    AUTH_RATE_LIMIT: "off",
  });
  delete process.env.RESEND_API_KEY; // digests stay in the local outbox

  const { openDb, setDb } = await import("@/lib/db");
  const { setRequestClock } = await import("@/lib/http/clock");
  const { startWorker } = await import("@/lib/agents/worker");
  const { deliverRunDigests } = await import("@/lib/digest/deliver");
  const { digestSettings } = await import("@/lib/digest/settings");
  const { env } = await import("@/lib/env");
  const { passed, failed } = await import("@/tests/helpers/scripted-executor");
  const { createRouter, serveOnLoopback } = await import("@/tests/helpers/router");

  let now = Number(process.env.SOAK_START ?? Date.parse("2026-03-02T06:00:00Z"));
  const clock = () => new Date(now);
  setRequestClock(clock);

  const url = process.env.SOAK_SERVER_DATABASE_URL;
  const handle = await openDb(url ? { url, driver: "pg" } : { dataDir: "memory://" });
  await handle.migrate();
  setDb(handle);

  // Every route file, as Next lays them out, loaded on first use like Next does.
  const root = process.cwd();
  const modules: Record<string, () => Promise<Record<string, unknown>>> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        modules["/" + path.relative(root, full).split(path.sep).join("/")] = () => import(pathToFileURL(full).href);
      }
    }
  };
  walk(path.join(root, "app", "api"));
  const server = await serveOnLoopback(createRouter(modules));

  // Journeys named "…fail…" fail, the rest pass: runs complete, and their digests land in the outbox.
  // (Not tests' ScriptedExecutor: it keeps every job it is given, which would be the soak's own leak.)
  const executor: AgentExecutor = {
    name: "playwright",
    run: async (job) => ({ kind: "finished", result: /fail/.test(job.journey.name) ? failed() : passed() }),
    close: async () => undefined,
  };
  const digest = digestSettings(env());
  const worker = startWorker({
    db: handle.db,
    executor,
    owner: "soak-worker",
    concurrency: 2,
    leaseMs: 3_600_000, // virtual time jumps a minute per cron pass: never let a running agent's lease lapse
    now: clock,
    elapsedMs: () => performance.now(),
    pollMs: 50,
    graceMs: 1_000,
    onRunCompleted: (runId) => deliverRunDigests(handle.db, [runId], clock(), digest),
  });

  process.on("message", async (msg: ToServer) => {
    if (msg.type === "clock") {
      now = msg.at;
      worker.wake();
      send({ type: "clock" });
    } else if (msg.type === "heap") {
      // Two full collections, a turn of the event loop apart: what is left is what is retained.
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      const m = process.memoryUsage();
      send({ type: "heap", heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers });
    } else if (msg.type === "snapshot") {
      gc();
      send({ type: "snapshot", file: v8.writeHeapSnapshot(msg.file) });
    } else if (msg.type === "stop") {
      await worker.stop();
      await server.close();
      await handle.close();
      send({ type: "stopped" });
      process.disconnect();
    }
  });
  send({ type: "ready", url: server.url, driver: handle.driver });
}

main().catch((err) => {
  console.error("[soak-server]", err);
  process.exit(1);
});
