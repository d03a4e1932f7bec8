import { withTenant } from "@/lib/http/handler";
import { readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { CreateApiKey } from "@/lib/tenants/schemas";
import { createApiKey, listApiKeys } from "@/lib/tenants/service";

// GET /api/v1/api-keys – the tenant's keys (prefixes only, never secrets)
export const GET = withTenant(async (_req, { db, tenant }) => json({ data: await listApiKeys(db, tenant.id), next_cursor: null }));

// POST /api/v1/api-keys – issue a key; its plaintext appears in this response only
export const POST = withTenant(async (req, { db, tenant }) =>
  json(await createApiKey(db, tenant.id, await readJson(req, CreateApiKey)), 201),
);
