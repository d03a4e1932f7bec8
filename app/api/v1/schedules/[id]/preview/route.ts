import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { previewTick } from "@/lib/tick/preview";

// GET /api/v1/schedules/{id}/preview – what a tick now would select, with scores and forecast; writes nothing
export const GET = withTenant(async (_req, { db, tenant, now, params }) =>
  json(await previewTick(db, tenant, pathId(params.id, "Schedule"), now)),
);
