import { previewDigest } from "@/lib/digest/preview";
import { DigestPreviewRequest } from "@/lib/digest/schemas";
import { env, publicUrl } from "@/lib/env";
import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";

// POST /api/v1/schedules/{id}/digest/preview – the digest email with the given (or saved) settings; writes and sends nothing
export const POST = withTenant(async (req, { db, tenant, now, params }) => {
  const scheduleId = pathId(params.id, "Schedule");
  const body = await readJson(req, DigestPreviewRequest);
  return json(await previewDigest(db, tenant.id, scheduleId, now, publicUrl(env()), body));
});
