import { getAgent } from "@/lib/agents/service";
import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";

// GET /api/v1/agents/{id} – one agent with its steps and findings
export const GET = withTenant(async (_req, { db, tenant, params }) =>
  json(await getAgent(db, tenant.id, pathId(params.id, "Agent"))),
);
