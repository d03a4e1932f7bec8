import { withTenant } from "@/lib/http/handler";
import { readJson, readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";
import { CreateProject } from "@/lib/projects/schemas";
import { createProject, listProjects } from "@/lib/projects/service";

// GET /api/v1/projects – list the tenant's projects, newest first
export const GET = withTenant(async (req, { db, tenant }) =>
  json(await listProjects(db, tenant.id, readQuery(req, ListQuery))),
);

// POST /api/v1/projects – create a project
export const POST = withTenant(async (req, { db, tenant, now }) =>
  json(await createProject(db, tenant.id, await readJson(req, CreateProject), now), 201),
);
