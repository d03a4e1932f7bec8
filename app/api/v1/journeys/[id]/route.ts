import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json, noContent } from "@/lib/http/respond";
import { UpdateJourney } from "@/lib/journeys/schemas";
import { deleteJourney, findJourney, journeyView, updateJourney } from "@/lib/journeys/service";

// GET /api/v1/journeys/{id} – one journey with its steps
export const GET = withTenant(async (_req, { db, tenant, params }) =>
  json(journeyView(await findJourney(db, tenant.id, pathId(params.id, "Journey")))),
);

// PATCH /api/v1/journeys/{id} – update name, description, start path or steps
export const PATCH = withTenant(async (req, { db, tenant, now, params }) => {
  const id = pathId(params.id, "Journey");
  return json(await updateJourney(db, tenant.id, id, await readJson(req, UpdateJourney), now));
});

// DELETE /api/v1/journeys/{id} – delete; it leaves every schedule and plan it was in
export const DELETE = withTenant(async (_req, { db, tenant, params }) => {
  await deleteJourney(db, tenant.id, pathId(params.id, "Journey"));
  return noContent();
});
