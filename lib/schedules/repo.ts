// Reads shared by the schedule verbs: the schedule row (tenant-scoped, not deleted), its items in
// board order, and each item's cost, in a constant number of queries.
import { and, asc, desc, eq, getTableColumns, getTableName, inArray, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import { preparedPerHandle } from "@/lib/db/prepared";
import { scheduleItems, schedules, testPlanJourneys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export type ScheduleRow = typeof schedules.$inferSelect;
export type ItemRow = typeof scheduleItems.$inferSelect;
export type CostedItem = ItemRow & { cost: number };

export async function findSchedule(db: Executor, tenantId: string, id: string): Promise<ScheduleRow> {
  const [row] = await db
    .select()
    .from(schedules)
    .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id), isNull(schedules.deletedAt)));
  if (!row) throw notFound("Schedule");
  return row;
}

/**
 * `"table"."column"`: drizzle writes a column of a single-table query unqualified, and inside a
 * subquery that names a column of the subquery's own table when both have it.
 */
function qualified(column: AnyPgColumn) {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/**
 * What an item costs in agents (docs/engine.md "Cost and budgets"): 1 for a journey, one per journey
 * in it for a test plan. A column of the item's own row, so reading items never takes a second query.
 */
const itemCost = sql<number>`case when ${scheduleItems.testPlanId} is null then 1
  else (select count(*) from ${testPlanJourneys} where ${testPlanJourneys.testPlanId} = ${qualified(scheduleItems.testPlanId)}) end`.mapWith(Number);

/** Board order: priority (highest first), then insertion. */
const boardOrder = [desc(scheduleItems.priority), asc(scheduleItems.seq)];

/** Items of many schedules, each list ordered by priority (highest first), then insertion. */
export async function itemsOf(db: Executor, scheduleIds: string[]): Promise<Map<string, CostedItem[]>> {
  const bySchedule = new Map<string, CostedItem[]>(scheduleIds.map((id) => [id, []]));
  if (scheduleIds.length === 0) return bySchedule;
  const rows = await db
    .select({ item: scheduleItems, cost: itemCost })
    .from(scheduleItems)
    .where(inArray(scheduleItems.scheduleId, scheduleIds))
    .orderBy(asc(scheduleItems.scheduleId), ...boardOrder);
  for (const r of rows) bySchedule.get(r.item.scheduleId)!.push({ ...r.item, cost: r.cost });
  return bySchedule;
}

const itemColumns = Object.entries(getTableColumns(scheduleItems));

/**
 * A schedule's items, costed and in board order, as one JSON array: a single column of the schedule's
 * row. Keyed by the columns' own names and read back through the columns' own mapping (itemFromJson),
 * so it cannot drift from the table.
 */
const itemsJson = sql<Record<string, unknown>[]>`(
  select coalesce(json_agg(json_build_object(${sql.join(
    itemColumns.map(([key, column]) => sql`${sql.raw(`'${key}'`)}, ${column}`),
    sql`, `,
  )}, 'cost', ${itemCost}) order by ${sql.join(boardOrder, sql`, `)}), '[]'::json)
  from ${scheduleItems} where ${scheduleItems.scheduleId} = ${qualified(schedules.id)})`;

function itemFromJson(json: Record<string, unknown>): CostedItem {
  const row = Object.fromEntries(itemColumns.map(([key, column]) => [key, json[key] == null ? null : column.mapFromDriverValue(json[key])]));
  return { ...(row as ItemRow), cost: Number(json.cost) };
}

// Prepared once per database handle: drizzle's statement building was the largest share of a GET's
// CPU (bench:api's profile). A transaction gets its own (they are short-lived).
const scheduleWithItemsQuery = preparedPerHandle((db) =>
  db
    .select({ schedule: schedules, items: itemsJson })
    .from(schedules)
    .where(and(eq(schedules.tenantId, sql.placeholder("tenantId")), eq(schedules.id, sql.placeholder("id")), isNull(schedules.deletedAt)))
    .prepare("find_schedule_with_items"),
);

/**
 * findSchedule and itemsOf in one statement. The reads of one schedule (GET, preview, calendar) are
 * dominated by round trips to the database: each costs the server more CPU than building the response
 * (bench:api). A join would repeat the schedule's columns on every item's row, and decoding those
 * cost as much as the second query saved; one row with the items as JSON does not.
 */
export async function findScheduleWithItems(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<{ schedule: ScheduleRow; items: CostedItem[] }> {
  const [row] = await scheduleWithItemsQuery(db).execute({ tenantId, id });
  if (!row) throw notFound("Schedule");
  return { schedule: row.schedule, items: row.items.map(itemFromJson) };
}
