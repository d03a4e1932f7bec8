import { withTenant } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { budgetToday } from "@/lib/tick/budget-today";

// GET /api/v1/budget – the tenant's daily agent budget, today's use and the plan for the rest of the day
export const GET = withTenant(async (_req, { db, tenant, now }) => json(await budgetToday(db, tenant, now)));
