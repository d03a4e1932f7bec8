// Projects: the apps under test. Every query is scoped to the caller's tenant.
import { and, count, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { projects, schedules } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { keyset, page, type ListQuery } from "@/lib/http/pagination";
import type { CreateProject, UpdateProject } from "./schemas";

type ProjectRow = typeof projects.$inferSelect;

export function projectView(p: ProjectRow) {
  return {
    id: p.id,
    name: p.name,
    base_url: p.baseUrl,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export async function findProject(db: Executor, tenantId: string, id: string): Promise<ProjectRow> {
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.tenantId, tenantId), eq(projects.id, id)));
  if (!row) throw notFound("Project");
  return row;
}

export async function createProject(db: Executor, tenantId: string, input: CreateProject, now: Date) {
  const [row] = await db
    .insert(projects)
    .values({ tenantId, name: input.name, baseUrl: input.base_url, createdAt: now, updatedAt: now })
    .returning();
  return projectView(row!);
}

export async function listProjects(db: Executor, tenantId: string, q: ListQuery) {
  const ks = keyset(projects, q.cursor);
  const rows = await db
    .select()
    .from(projects)
    .where(and(eq(projects.tenantId, tenantId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  return page(rows, q.limit, projectView);
}

export async function updateProject(db: Executor, tenantId: string, id: string, input: UpdateProject, now: Date) {
  await findProject(db, tenantId, id);
  const [row] = await db
    .update(projects)
    .set({ name: input.name, baseUrl: input.base_url, updatedAt: now })
    .where(and(eq(projects.tenantId, tenantId), eq(projects.id, id)))
    .returning();
  return projectView(row!);
}

/** Deleting a project deletes its journeys and plans; one with schedules is refused (409). */
export async function deleteProject(db: Executor, tenantId: string, id: string) {
  await findProject(db, tenantId, id);
  const [{ n }] = (await db
    .select({ n: count() })
    .from(schedules)
    .where(and(eq(schedules.projectId, id), isNull(schedules.deletedAt)))) as [{ n: number }];
  if (n > 0) throw new AppError("conflict", "Project has schedules; delete them first");
  const scheduled = await db.select({ id: schedules.id }).from(schedules).where(eq(schedules.projectId, id)).limit(1);
  if (scheduled.length > 0) {
    // Deleted schedules keep their history, which still names the project: keep the row too.
    throw new AppError("conflict", "Project has schedule history and cannot be deleted");
  }
  await db.delete(projects).where(and(eq(projects.tenantId, tenantId), eq(projects.id, id)));
}
