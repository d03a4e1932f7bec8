import { AgentListQuery } from "@/lib/agents/schemas";
import { listAgents } from "@/lib/agents/service";
import { withTenant } from "@/lib/http/handler";
import { readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";

// GET /api/v1/agents?schedule_id=&run_id=&status= – agents, newest first
export const GET = withTenant(async (req, { db, tenant }) =>
  json(await listAgents(db, tenant.id, readQuery(req, ListQuery.extend(AgentListQuery.shape)))),
);
