import { withTenant } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { tenantBudget } from "@/lib/tenants/service";

// GET /api/v1/budget – the tenant's daily agent budget and today's use
export const GET = withTenant(async (_req, { db, tenant, now }) => json(await tenantBudget(db, tenant, now)));
