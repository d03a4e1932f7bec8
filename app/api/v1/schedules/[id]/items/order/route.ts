import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { reorderItems } from "@/lib/schedules/items";
import { ReorderItems } from "@/lib/schedules/schemas";

// PUT /api/v1/schedules/{id}/items/order – set priorities from an ordering (first = highest)
export const PUT = withTenant(async (req, { db, tenant, params }) => {
  const id = pathId(params.id, "Schedule");
  return json(await reorderItems(db, tenant.id, id, await readJson(req, ReorderItems)));
});
