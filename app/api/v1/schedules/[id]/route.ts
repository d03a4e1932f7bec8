import { withTenant } from "@/lib/http/handler";
import { pathId, readJson } from "@/lib/http/parse";
import { json, noContent } from "@/lib/http/respond";
import { UpdateSchedule } from "@/lib/schedules/schemas";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/schedules/service";

// GET /api/v1/schedules/{id} – one schedule with its items
export const GET = withTenant(async (_req, { db, tenant, now, params }) =>
  json(await getSchedule(db, tenant.id, pathId(params.id, "Schedule"), now)),
);

// PATCH /api/v1/schedules/{id} – update any writable field
export const PATCH = withTenant(async (req, { db, tenant, now, params }) => {
  const id = pathId(params.id, "Schedule");
  return json(await updateSchedule(db, tenant.id, id, await readJson(req, UpdateSchedule), now));
});

// DELETE /api/v1/schedules/{id} – delete; runs and agents stay in history
export const DELETE = withTenant(async (_req, { db, tenant, now, params }) => {
  await deleteSchedule(db, tenant.id, pathId(params.id, "Schedule"), now);
  return noContent();
});
