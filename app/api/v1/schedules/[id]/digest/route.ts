import { forceDigest } from "@/lib/digest/force";
import { digestSettings } from "@/lib/digest/settings";
import { env } from "@/lib/env";
import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";

// POST /api/v1/schedules/{id}/digest – send a digest now (at most once a minute per schedule)
export const POST = withTenant(async (_req, { db, tenant, now, params }) =>
  json(await forceDigest(db, tenant.id, pathId(params.id, "Schedule"), now, digestSettings(env()))),
);
