import { withTenant } from "@/lib/http/handler";
import { pathId, readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";
import { listRuns } from "@/lib/tick/runs";

// GET /api/v1/schedules/{id}/runs – the audit trail, newest first
export const GET = withTenant(async (req, { db, tenant, params }) => {
  const scheduleId = pathId(params.id, "Schedule");
  return json(await listRuns(db, tenant.id, scheduleId, readQuery(req, ListQuery)));
});
