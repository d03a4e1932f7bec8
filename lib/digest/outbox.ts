// GET /api/v1/outbox: every digest message of the tenant, whichever transport sent it, newest first.
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { emails } from "@/lib/db/schema";
import { keyset, page, type ListQuery } from "@/lib/pagination";
import { iso } from "@/lib/validation";

type EmailRow = typeof emails.$inferSelect;

function outboxView(e: EmailRow) {
  return {
    id: e.id,
    schedule_id: e.scheduleId,
    run_ids: e.runIds,
    to: e.recipients,
    subject: e.subject,
    html: e.html,
    text: e.text,
    status: e.status,
    transport: e.transport,
    provider_message_id: e.messageId,
    error: e.error,
    attempts: e.attempts,
    created_at: e.createdAt.toISOString(),
    sent_at: iso(e.sentAt),
  };
}

export async function listOutbox(db: Executor, tenantId: string, q: ListQuery & { schedule_id?: string }) {
  const ks = keyset(emails, q.cursor);
  const rows = await db
    .select()
    .from(emails)
    .where(and(eq(emails.tenantId, tenantId), q.schedule_id ? eq(emails.scheduleId, q.schedule_id) : undefined, ks.where))
    .orderBy(...ks.orderBy)
    .limit(q.limit + 1);
  return page(rows, q.limit, outboxView);
}
