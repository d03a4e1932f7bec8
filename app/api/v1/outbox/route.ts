import { OutboxQuery } from "@/lib/digest/schemas";
import { listOutbox } from "@/lib/digest/outbox";
import { withTenant } from "@/lib/http/handler";
import { readQuery } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { ListQuery } from "@/lib/pagination";

// GET /api/v1/outbox?schedule_id= – every digest message, whichever transport sent it, newest first
export const GET = withTenant(async (req, { db, tenant }) =>
  json(await listOutbox(db, tenant.id, readQuery(req, ListQuery.extend(OutboxQuery.shape)))),
);
