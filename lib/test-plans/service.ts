// Test plans: an ordered set of journeys of one project. A scheduled plan costs one agent per journey.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { journeys, testPlanJourneys, testPlans } from "@/lib/db/schema";
import { invalid, notFound } from "@/lib/errors";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { findProject } from "@/lib/projects/service";
import type { CreateTestPlan, UpdateTestPlan } from "./schemas";

type PlanRow = typeof testPlans.$inferSelect;

function planView(p: PlanRow, journeyIds: string[]) {
  return {
    id: p.id,
    project_id: p.projectId,
    name: p.name,
    journey_ids: journeyIds,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export async function findTestPlan(db: Executor, tenantId: string, id: string): Promise<PlanRow> {
  const [row] = await db
    .select()
    .from(testPlans)
    .where(and(eq(testPlans.tenantId, tenantId), eq(testPlans.id, id)));
  if (!row) throw notFound("Test plan");
  return row;
}

/** Journey ids of each plan, in plan order. One query for any number of plans. */
export async function planJourneyIds(db: Executor, planIds: string[]): Promise<Map<string, string[]>> {
  const byPlan = new Map<string, string[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .select()
    .from(testPlanJourneys)
    .where(inArray(testPlanJourneys.testPlanId, planIds))
    .orderBy(asc(testPlanJourneys.testPlanId), asc(testPlanJourneys.position));
  for (const r of rows) byPlan.get(r.testPlanId)!.push(r.journeyId);
  return byPlan;
}

async function assertJourneysOfProject(db: Executor, tenantId: string, projectId: string, ids: string[]) {
  const found = await db
    .select({ id: journeys.id })
    .from(journeys)
    .where(and(eq(journeys.tenantId, tenantId), eq(journeys.projectId, projectId), inArray(journeys.id, ids)));
  const known = new Set(found.map((r) => r.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw invalid(["journey_ids", missing], "Journey not found in this project");
}

async function writeMembers(db: Executor, planId: string, ids: string[]) {
  await db.delete(testPlanJourneys).where(eq(testPlanJourneys.testPlanId, planId));
  await db.insert(testPlanJourneys).values(ids.map((journeyId, position) => ({ testPlanId: planId, journeyId, position })));
}

/** Journey ids as the database returns them (lower case), so membership checks compare like with like. */
const normalized = (ids: string[]) => ids.map((id) => id.toLowerCase());

export async function createTestPlan(db: Executor, tenantId: string, input: CreateTestPlan, now: Date) {
  const project = await findProject(db, tenantId, input.project_id);
  const journeyIds = normalized(input.journey_ids);
  await assertJourneysOfProject(db, tenantId, project.id, journeyIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(testPlans)
      .values({ tenantId, projectId: project.id, name: input.name, createdAt: now, updatedAt: now })
      .returning();
    await writeMembers(tx, row!.id, journeyIds);
    return planView(row!, journeyIds);
  });
}

export async function getTestPlan(db: Executor, tenantId: string, id: string) {
  const row = await findTestPlan(db, tenantId, id);
  return planView(row, (await planJourneyIds(db, [id])).get(id)!);
}

export async function listTestPlans(db: Executor, tenantId: string, q: ListQuery & { project_id?: string }) {
  const ks = keyset(testPlans, q.cursor);
  const rows = await db
    .select()
    .from(testPlans)
    .where(
      and(eq(testPlans.tenantId, tenantId), q.project_id ? eq(testPlans.projectId, q.project_id) : undefined, ks.where),
    )
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  const members = await planJourneyIds(db, rows.slice(0, q.limit).map((r) => r.id));
  return page(rows, q.limit, (r) => planView(r, members.get(r.id) ?? []));
}

export async function updateTestPlan(db: Executor, tenantId: string, id: string, input: UpdateTestPlan, now: Date) {
  const plan = await findTestPlan(db, tenantId, id);
  const journeyIds = input.journey_ids && normalized(input.journey_ids);
  if (journeyIds) await assertJourneysOfProject(db, tenantId, plan.projectId, journeyIds);
  await db.transaction(async (tx) => {
    await tx
      .update(testPlans)
      .set({ name: input.name, updatedAt: now })
      .where(and(eq(testPlans.tenantId, tenantId), eq(testPlans.id, id)));
    if (journeyIds) await writeMembers(tx, id, journeyIds);
  });
  return getTestPlan(db, tenantId, id);
}

export async function deleteTestPlan(db: Executor, tenantId: string, id: string) {
  await findTestPlan(db, tenantId, id);
  await db.delete(testPlans).where(and(eq(testPlans.tenantId, tenantId), eq(testPlans.id, id)));
}
