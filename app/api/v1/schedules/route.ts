import { withTenant } from "@/lib/http/handler";
import { readJson, readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";
import { CreateSchedule, ScheduleListQuery } from "@/lib/schedules/schemas";
import { createSchedule, listSchedules } from "@/lib/schedules/service";

// GET /api/v1/schedules?project_id= – list schedules with their items, newest first
export const GET = withTenant(async (req, { db, tenant, now }) =>
  json(await listSchedules(db, tenant.id, readQuery(req, ListQuery.extend(ScheduleListQuery.shape)), now)),
);

// POST /api/v1/schedules – create a schedule
export const POST = withTenant(async (req, { db, tenant, now }) =>
  json(await createSchedule(db, tenant, await readJson(req, CreateSchedule), now), 201),
);
