// Next.js start-up hook: validate the configuration (an invalid one stops the server here, naming the
// variable) and, self-hosted and locally, run the cron pass on an in-process timer every minute and an
// agent worker. On Vercel neither runs (Vercel Cron calls /api/cron/tick; workers run elsewhere with
// `npm run worker`); SCHEDULER=off turns off the timer, WORKER=off the worker.
export async function register() {
  // NEXT_RUNTIME is Next's own marker, not configuration: the edge runtime gets neither.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const config = env();
  if (config.VERCEL) return;
  if (config.SCHEDULER === "on") {
    const { startScheduler } = await import("./lib/scheduler");
    startScheduler(() => new Date());
  }
  if (config.WORKER === "on") {
    const { startInProcessWorker } = await import("./lib/agents/in-process");
    await startInProcessWorker(config);
  }
}
