import { withAdmin } from "@/lib/http/handler";
import { readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { CreateTenant } from "@/lib/tenants/schemas";
import { createTenant, listTenants } from "@/lib/tenants/service";

// GET /api/admin/tenants – all tenants (operators)
export const GET = withAdmin(async (_req, { db }) => json({ data: await listTenants(db), next_cursor: null }));

// POST /api/admin/tenants – create a tenant and its first API key (shown once)
export const POST = withAdmin(async (req, { db, now }) => json(await createTenant(db, await readJson(req, CreateTenant), now), 201));
