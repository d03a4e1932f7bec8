import { withCron } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { runCron } from "@/lib/cron";
import { env } from "@/lib/env";
import { digestSettings } from "@/lib/digest/settings";

// Vercel stops a function at maxDuration; the pass keeps a margin and leaves the rest to the next one.
export const maxDuration = 60;
const TIME_BUDGET_MS = 45_000;

// GET /api/cron/tick – one cron pass (Vercel Cron, `Authorization: Bearer $CRON_SECRET`)
export const GET = withCron(async (_req, { db, now }) =>
  json(
    await runCron(db, {
      now,
      timeBudgetMs: TIME_BUDGET_MS,
      elapsedMs: () => performance.now(),
      retentionDays: env().RETENTION_DAYS,
      digest: digestSettings(env()),
    }),
  ),
);
