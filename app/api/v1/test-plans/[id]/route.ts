import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json, noContent } from "@/lib/http/respond";
import { UpdateTestPlan } from "@/lib/test-plans/schemas";
import { deleteTestPlan, getTestPlan, updateTestPlan } from "@/lib/test-plans/service";

// GET /api/v1/test-plans/{id} – one plan with its journey ids in order
export const GET = withTenant(async (_req, { db, tenant, params }) =>
  json(await getTestPlan(db, tenant.id, pathId(params.id, "Test plan"))),
);

// PATCH /api/v1/test-plans/{id} – rename or replace its journeys
export const PATCH = withTenant(async (req, { db, tenant, now, params }) => {
  const id = pathId(params.id, "Test plan");
  return json(await updateTestPlan(db, tenant.id, id, await readJson(req, UpdateTestPlan), now));
});

// DELETE /api/v1/test-plans/{id} – delete; it leaves every schedule it was in
export const DELETE = withTenant(async (_req, { db, tenant, params }) => {
  await deleteTestPlan(db, tenant.id, pathId(params.id, "Test plan"));
  return noContent();
});
