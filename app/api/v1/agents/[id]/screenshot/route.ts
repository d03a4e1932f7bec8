import { getAgentScreenshot } from "@/lib/agents/service";
import { withTenant } from "@/lib/http/handler";
import { pathId } from "@/lib/http/parse";

// GET /api/v1/agents/{id}/screenshot – the PNG of the agent's failing step, to its tenant only
export const GET = withTenant(async (_req, { db, tenant, params }) => {
  const png = await getAgentScreenshot(db, tenant.id, pathId(params.id, "Agent"));
  return new Response(Buffer.from(png), {
    headers: { "content-type": "image/png", "cache-control": "private, max-age=86400", "x-content-type-options": "nosniff" },
  });
});
