import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { addItem } from "@/lib/schedules/items";
import { AddItem } from "@/lib/schedules/schemas";

// POST /api/v1/schedules/{id}/items – add a journey or a test plan
export const POST = withTenant(async (req, { db, tenant, now, params }) => {
  const id = pathId(params.id, "Schedule");
  return json(await addItem(db, tenant.id, id, await readJson(req, AddItem), now), 201);
});
