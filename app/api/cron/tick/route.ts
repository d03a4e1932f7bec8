import { getDb } from "@/lib/db";
import { constantTimeEqual } from "@/lib/auth/api-keys";
import { AppError } from "@/lib/errors";
import { requestNow } from "@/lib/http/clock";
import { errorResponse, json } from "@/lib/http/respond";
import { cronPass } from "@/lib/tick/cron-pass";

// Vercel stops a function at maxDuration; the pass keeps a margin and leaves the rest to the next one.
export const maxDuration = 60;
const TIME_BUDGET_MS = 45_000;

// GET /api/cron/tick – one cron pass (Vercel Cron, `Authorization: Bearer $CRON_SECRET`)
export async function GET(req: Request) {
  try {
    const secret = process.env.CRON_SECRET;
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    // Without a configured secret the route refuses everyone rather than running unauthenticated.
    if (!secret || !presented || !constantTimeEqual(presented, secret)) {
      throw new AppError("unauthorized", "Invalid cron secret");
    }
    const result = await cronPass(await getDb(), {
      now: requestNow(),
      timeBudgetMs: TIME_BUDGET_MS,
      elapsedMs: () => performance.now(),
    });
    return json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
