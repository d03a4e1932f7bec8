import { withTenant } from "@/lib/http/handler";
import { readJson, readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";
import { CreateTestPlan, TestPlanListQuery } from "@/lib/test-plans/schemas";
import { createTestPlan, listTestPlans } from "@/lib/test-plans/service";

// GET /api/v1/test-plans?project_id= – list test plans, newest first
export const GET = withTenant(async (req, { db, tenant }) =>
  json(await listTestPlans(db, tenant.id, readQuery(req, ListQuery.extend(TestPlanListQuery.shape)))),
);

// POST /api/v1/test-plans – create an ordered plan of a project's journeys
export const POST = withTenant(async (req, { db, tenant, now }) =>
  json(await createTestPlan(db, tenant.id, await readJson(req, CreateTestPlan), now), 201),
);
