// The worker `npm start` runs inside its server process (WORKER=off turns it off): one per process,
// kept on globalThis so that Next's module reloading cannot start a second.
import { getDb } from "@/lib/db";
import type { Env } from "@/lib/env";
import { errorMessage, logEvent } from "@/lib/log";
import { startConfiguredWorker } from "./runtime";
import type { Worker } from "./worker";

type Global = { __rotaWorker?: Worker };
const g = globalThis as Global;

export async function startInProcessWorker(config: Env): Promise<void> {
  if (g.__rotaWorker) return;
  const worker = startConfiguredWorker(await getDb(), config, { now: () => new Date(), elapsedMs: () => performance.now() });
  g.__rotaWorker = worker;
  console.log(
    `[rota] agent worker on: executor ${config.AGENT_EXECUTOR}, concurrency ${config.AGENT_CONCURRENCY} (WORKER=off disables it)`,
  );
  // Give back what it holds on shutdown, so another worker need not wait for the lease to expire (and
  // the agent does not spend its one retry on a restart). Under `npm start` Next leaves the signals to
  // the app (NEXT_MANUAL_SIG_HANDLE), so this handler also ends the process.
  const manual = process.env.NEXT_MANUAL_SIG_HANDLE === "true";
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      worker
        .stop()
        .catch((err) => logEvent("error", "agent_worker_stop_failed", { message: errorMessage(err) }))
        .finally(() => {
          if (manual) process.exit(0);
        });
    });
  }
}
