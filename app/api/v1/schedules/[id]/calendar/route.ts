import { withTenant } from "@/lib/http/handler";
import { pathId, readQuery } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { scheduleCalendar } from "@/lib/tick/calendar";
import { CalendarQuery } from "@/lib/tick/schemas";

// GET /api/v1/schedules/{id}/calendar?days=7 – the coming ticks from the forecast's simulation; writes nothing
export const GET = withTenant(async (req, { db, tenant, now, params }) => {
  const scheduleId = pathId(params.id, "Schedule");
  const { days } = readQuery(req, CalendarQuery);
  return json(await scheduleCalendar(db, tenant, scheduleId, now, days));
});
