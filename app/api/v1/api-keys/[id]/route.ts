import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";
import { noContent } from "@/lib/http/respond";
import { revokeApiKey } from "@/lib/tenants/service";

// DELETE /api/v1/api-keys/{id} – revoke a key (it answers 401 from then on)
export const DELETE = withTenant(async (_req, { db, tenant, now, params }) => {
  await revokeApiKey(db, tenant.id, pathId(params.id, "API key"), now);
  return noContent();
});
