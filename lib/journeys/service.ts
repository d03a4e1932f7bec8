// Journeys: one user journey of a project. Deleting one removes it from schedules and plans (FK cascade).
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { journeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { findProject } from "@/lib/projects/service";
import type { CreateJourney, UpdateJourney } from "./schemas";

type JourneyRow = typeof journeys.$inferSelect;

export function journeyView(j: JourneyRow) {
  return {
    id: j.id,
    project_id: j.projectId,
    name: j.name,
    description: j.description,
    start_path: j.startPath,
    steps: j.steps,
    created_at: j.createdAt.toISOString(),
    updated_at: j.updatedAt.toISOString(),
  };
}

export async function findJourney(db: Executor, tenantId: string, id: string): Promise<JourneyRow> {
  const [row] = await db
    .select()
    .from(journeys)
    .where(and(eq(journeys.tenantId, tenantId), eq(journeys.id, id)));
  if (!row) throw notFound("Journey");
  return row;
}

export async function createJourney(db: Executor, tenantId: string, input: CreateJourney, now: Date) {
  await findProject(db, tenantId, input.project_id);
  const [row] = await db
    .insert(journeys)
    .values({
      tenantId,
      projectId: input.project_id,
      name: input.name,
      description: input.description,
      startPath: input.start_path,
      steps: input.steps,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return journeyView(row!);
}

export async function listJourneys(db: Executor, tenantId: string, q: ListQuery & { project_id?: string }) {
  const ks = keyset(journeys, q.cursor);
  const rows = await db
    .select()
    .from(journeys)
    .where(
      and(eq(journeys.tenantId, tenantId), q.project_id ? eq(journeys.projectId, q.project_id) : undefined, ks.where),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  return page(rows, q.limit, journeyView);
}

export async function updateJourney(db: Executor, tenantId: string, id: string, input: UpdateJourney, now: Date) {
  await findJourney(db, tenantId, id);
  const [row] = await db
    .update(journeys)
    .set({
      name: input.name,
      description: input.description,
      startPath: input.start_path,
      steps: input.steps,
      updatedAt: now,
    })
    .where(and(eq(journeys.tenantId, tenantId), eq(journeys.id, id)))
    .returning();
  return journeyView(row!);
}

export async function deleteJourney(db: Executor, tenantId: string, id: string) {
  await findJourney(db, tenantId, id);
  await db.delete(journeys).where(and(eq(journeys.tenantId, tenantId), eq(journeys.id, id)));
}
