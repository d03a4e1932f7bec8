// Keyset pagination, newest first: the cursor is the (created_at, id) of the last row returned.
// Domain list verbs use it; it knows nothing of HTTP (the handlers parse `?limit=&cursor=` with
// ListQuery like any other input).
import { z } from "zod";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { invalid } from "@/lib/errors";
import { Uuid } from "@/lib/validation";

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional(),
});
export type ListQuery = z.output<typeof ListQuery>;

type Cursor = { createdAt: Date; id: string };

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const [iso, id] = parts;
  const createdAt = new Date(iso ?? "");
  // Only what encodeCursor writes: a canonical ISO instant in years 1000..9999 (anything else may be out of
  // PostgreSQL's timestamp range) and a real UUID (anything else fails the uuid cast as a 500).
  const canonical = !Number.isNaN(createdAt.getTime()) && /^[1-9]\d{3}-/.test(iso ?? "") && createdAt.toISOString() === iso;
  if (parts.length !== 2 || !canonical || !id || !Uuid.safeParse(id).success) {
    throw invalid(["cursor"], "Invalid cursor");
  }
  return { createdAt, id: id.toLowerCase() };
}

/** WHERE fragment and ORDER BY for "rows older than the cursor, newest first". */
export function keyset(cols: { createdAt: PgColumn; id: PgColumn }, cursor: string | undefined) {
  let where: SQL | undefined;
  if (cursor) {
    const c = decodeCursor(cursor);
    where = or(lt(cols.createdAt, c.createdAt), and(eq(cols.createdAt, c.createdAt), lt(cols.id, c.id)));
  }
  return { where, orderBy: [desc(cols.createdAt), desc(cols.id)] };
}

/** Fetch limit + 1 rows; the extra one only says whether there is a next page. */
export function page<T extends { createdAt: Date; id: string }, R>(
  rows: T[],
  limit: number,
  view: (row: T) => R,
): { data: R[]; next_cursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(view), next_cursor: hasMore && last ? encodeCursor(last) : null };
}
