import { getDb } from "@/lib/db";
import { requestNow } from "@/lib/http/clock";
import { withPublic } from "@/lib/http/handler";
import { checkHealth } from "@/lib/health/check";

/** How soon a load balancer that took this instance out should ask again. */
const RETRY_AFTER_SECONDS = 10;

// GET /api/health – no auth, no tenant data: 503 (with Retry-After) when the database is unreachable
// or its migrations are behind, else 200 with `ok` or `degraded` (README "Operations").
export const GET = withPublic(async () => {
  const report = await checkHealth({ db: getDb, now: requestNow(), elapsedMs: () => performance.now() });
  const down = report.status === "down";
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (down) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return Response.json(report, { status: down ? 503 : 200, headers });
});
