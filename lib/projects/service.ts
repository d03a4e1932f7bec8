// Projects: the apps under test. Every query is scoped to the caller's tenant.
import { and, count, eq, isNotNull, isNull, notExists, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { agents, emails, projects, scheduleRuns, schedules } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { keyset, page, type ListQuery } from "@/lib/pagination";
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

/**
 * Deleting a project deletes its journeys and plans; one with schedules is refused (409). Deleted
 * schedules stay as history while runs, agents or emails point at them, and then so does the project
 * (409 too); a deleted schedule that never left any history goes with the project.
 */
export async function deleteProject(db: Executor, tenantId: string, id: string) {
  await findProject(db, tenantId, id);
  const [{ n }] = (await db
    .select({ n: count() })
    .from(schedules)
    .where(and(eq(schedules.projectId, id), isNull(schedules.deletedAt)))) as [{ n: number }];
  if (n > 0) throw new AppError("conflict", "Project has schedules; delete them first");
  try {
    await db.transaction(async (tx) => {
      await tx.delete(schedules).where(
        and(
          eq(schedules.projectId, id),
          isNotNull(schedules.deletedAt),
          notExists(tx.select({ one: sql`1` }).from(scheduleRuns).where(eq(scheduleRuns.scheduleId, schedules.id))),
          notExists(tx.select({ one: sql`1` }).from(agents).where(eq(agents.scheduleId, schedules.id))),
          notExists(tx.select({ one: sql`1` }).from(emails).where(eq(emails.scheduleId, schedules.id))),
        ),
      );
      const kept = await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.projectId, id)).limit(1);
      if (kept.length > 0) throw historyConflict();
      await tx.delete(projects).where(and(eq(projects.tenantId, tenantId), eq(projects.id, id)));
    });
  } catch (err) {
    // Anything else still referencing the project or its deleted schedules: a conflict, not a 500.
    if (pgErrorCode(err) === "23503") throw historyConflict();
    throw err;
  }
}

const historyConflict = () =>
  new AppError("conflict", "Project has schedule history (runs, agents or digests) and cannot be deleted");

/** The SQLSTATE of a driver error, looking through drizzle's wrapper. */
function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
