import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { presentRun } from "@/lib/tick/runs";
import { tickSchedule } from "@/lib/tick/tick";

// POST /api/v1/schedules/{id}/trigger – tick now (ignores last_tick_at, moves no slot); 200 with the run
export const POST = withTenant(async (_req, { db, tenant, now, params }) => {
  const scheduleId = pathId(params.id, "Schedule");
  const run = await tickSchedule(db, { trigger: "manual", scheduleId, tenantId: tenant.id, now });
  return json(await presentRun(db, run!));
});
