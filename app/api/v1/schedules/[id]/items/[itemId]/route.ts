import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json, noContent } from "@/lib/http/respond";
import { removeItem, updateItem } from "@/lib/schedules/items";
import { UpdateItem } from "@/lib/schedules/schemas";

// PATCH /api/v1/schedules/{id}/items/{itemId} – change an item's priority
export const PATCH = withTenant(async (req, { db, tenant, params }) => {
  const id = pathId(params.id, "Schedule");
  const itemId = pathId(params.itemId, "Schedule item");
  return json(await updateItem(db, tenant.id, id, itemId, await readJson(req, UpdateItem)));
});

// DELETE /api/v1/schedules/{id}/items/{itemId} – remove a journey or test-plan item
export const DELETE = withTenant(async (_req, { db, tenant, params }) => {
  await removeItem(db, tenant.id, pathId(params.id, "Schedule"), pathId(params.itemId, "Schedule item"));
  return noContent();
});
