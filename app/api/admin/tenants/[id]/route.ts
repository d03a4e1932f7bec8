import { withAdmin } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { UpdateTenant } from "@/lib/tenants/schemas";
import { updateTenant } from "@/lib/tenants/service";

// PATCH /api/admin/tenants/{id} – change a tenant's name, daily budget or time zone
export const PATCH = withAdmin(async (req, { db, now, params }) => {
  const id = pathId(params.id, "Tenant");
  return json({ tenant: await updateTenant(db, id, await readJson(req, UpdateTenant), now) });
});
