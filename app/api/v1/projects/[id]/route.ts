import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json, noContent } from "@/lib/http/respond";
import { UpdateProject } from "@/lib/projects/schemas";
import { deleteProject, findProject, projectView, updateProject } from "@/lib/projects/service";

// GET /api/v1/projects/{id} – one project
export const GET = withTenant(async (_req, { db, tenant, params }) =>
  json(projectView(await findProject(db, tenant.id, pathId(params.id, "Project")))),
);

// PATCH /api/v1/projects/{id} – rename or move its base URL
export const PATCH = withTenant(async (req, { db, tenant, now, params }) => {
  const id = pathId(params.id, "Project");
  return json(await updateProject(db, tenant.id, id, await readJson(req, UpdateProject), now));
});

// DELETE /api/v1/projects/{id} – delete with its journeys and plans (409 while it has schedules)
export const DELETE = withTenant(async (_req, { db, tenant, params }) => {
  await deleteProject(db, tenant.id, pathId(params.id, "Project"));
  return noContent();
});
