// Next.js start-up hook: validate the configuration (an invalid one stops the server here, naming the
// variable) and, self-hosted and locally, run the cron pass on an in-process timer every minute. The
// timer is off on Vercel (Vercel Cron calls /api/cron/tick) and with SCHEDULER=off.
export async function register() {
  // NEXT_RUNTIME is Next's own marker, not configuration: the edge runtime gets neither.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  const config = env();
  if (config.SCHEDULER === "off" || config.VERCEL) return;
  const { startScheduler } = await import("./lib/scheduler");
  startScheduler(() => new Date());
}
