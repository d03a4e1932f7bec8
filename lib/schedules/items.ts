// Schedule items: journeys or test plans of the schedule's project, with a priority.
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { journeys, scheduleItems, testPlans } from "@/lib/db/schema";
import { AppError, invalid, notFound } from "@/lib/errors";
import { findSchedule, itemsOf } from "./repo";
import type { AddItem, ReorderItems, UpdateItem } from "./schemas";
import { itemView } from "./view";

async function findItem(db: Executor, tenantId: string, scheduleId: string, itemId: string) {
  await findSchedule(db, tenantId, scheduleId);
  const [item] = await db
    .select()
    .from(scheduleItems)
    .where(
      and(eq(scheduleItems.tenantId, tenantId), eq(scheduleItems.scheduleId, scheduleId), eq(scheduleItems.id, itemId)),
    );
  if (!item) throw notFound("Schedule item");
  return item;
}

/** The referenced journey or plan must exist in the caller's tenant and the schedule's project: else 400. */
async function assertTarget(db: Executor, tenantId: string, projectId: string, input: AddItem) {
  const [field, table] = input.journey_id
    ? (["journey_id", journeys] as const)
    : (["test_plan_id", testPlans] as const);
  const id = (input.journey_id ?? input.test_plan_id)!;
  const [row] = await db
    .select({ projectId: table.projectId })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
  const what = field === "journey_id" ? "Journey" : "Test plan";
  if (!row) throw invalid([field], `${what} not found`);
  if (row.projectId !== projectId) throw invalid([field], `${what} belongs to another project`);
}

const duplicate = () => new AppError("duplicate_item", "This journey or test plan is already in the schedule");

export async function addItem(db: Executor, tenantId: string, scheduleId: string, input: AddItem, now: Date) {
  const schedule = await findSchedule(db, tenantId, scheduleId);
  await assertTarget(db, tenantId, schedule.projectId, input);
  // The unique indexes decide under concurrency; ON CONFLICT keeps the transaction usable.
  const [row] = await db
    .insert(scheduleItems)
    .values({
      tenantId,
      scheduleId,
      journeyId: input.journey_id ?? null,
      testPlanId: input.test_plan_id ?? null,
      priority: input.priority,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw duplicate();
  return itemView(row);
}

export async function updateItem(
  db: Executor,
  tenantId: string,
  scheduleId: string,
  itemId: string,
  input: UpdateItem,
) {
  await findItem(db, tenantId, scheduleId, itemId);
  const [row] = await db
    .update(scheduleItems)
    .set({ priority: input.priority })
    .where(and(eq(scheduleItems.id, itemId), eq(scheduleItems.tenantId, tenantId)))
    .returning();
  return itemView(row!);
}

export async function removeItem(db: Executor, tenantId: string, scheduleId: string, itemId: string) {
  await findItem(db, tenantId, scheduleId, itemId);
  await db.delete(scheduleItems).where(and(eq(scheduleItems.id, itemId), eq(scheduleItems.tenantId, tenantId)));
}

/** Drag-and-drop order: a permutation of all items; the first gets the highest priority. */
export async function reorderItems(db: Executor, tenantId: string, scheduleId: string, input: ReorderItems) {
  await findSchedule(db, tenantId, scheduleId);
  return db.transaction(async (tx) => {
    // Lock the schedule's items so a concurrent add cannot slip between the check and the write.
    const current = await tx
      .select({ id: scheduleItems.id })
      .from(scheduleItems)
      .where(eq(scheduleItems.scheduleId, scheduleId))
      .for("update");
    const known = new Set(current.map((r) => r.id));
    const ids = input.item_ids.map((id) => id.toLowerCase());
    const isPermutation =
      ids.length === known.size && new Set(ids).size === ids.length && ids.every((id) => known.has(id));
    if (!isPermutation) {
      throw invalid(["item_ids"], "item_ids must list every item of the schedule exactly once");
    }
    if (ids.length > 0) {
      const cases = sql.join(
        ids.map((id, i) => sql`when ${id}::uuid then ${ids.length - 1 - i}::int`),
        sql` `,
      );
      await tx
        .update(scheduleItems)
        .set({ priority: sql`case ${scheduleItems.id} ${cases} end` })
        .where(eq(scheduleItems.scheduleId, scheduleId));
    }
    return (await itemsOf(tx, [scheduleId])).get(scheduleId)!.map(itemView);
  });
}
