// Next.js start-up hook: self-hosted and locally, run the cron pass on an in-process timer every
// minute (SPEC §4). Off on Vercel (Vercel Cron calls /api/cron/tick) and with SCHEDULER=off.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.SCHEDULER === "off" || process.env.VERCEL) return;
  const { startScheduler } = await import("./lib/scheduler");
  startScheduler(() => new Date());
}
