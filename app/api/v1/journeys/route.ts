import { withTenant } from "@/lib/http/handler";
import { readJson, readQuery } from "@/lib/http/parse";
import { ListQuery } from "@/lib/pagination";
import { json } from "@/lib/http/respond";
import { CreateJourney, JourneyListQuery } from "@/lib/journeys/schemas";
import { createJourney, listJourneys } from "@/lib/journeys/service";

// GET /api/v1/journeys?project_id= – list journeys, newest first
export const GET = withTenant(async (req, { db, tenant }) =>
  json(await listJourneys(db, tenant.id, readQuery(req, ListQuery.extend(JourneyListQuery.shape)))),
);

// POST /api/v1/journeys – create a journey in a project
export const POST = withTenant(async (req, { db, tenant, now }) =>
  json(await createJourney(db, tenant.id, await readJson(req, CreateJourney), now), 201),
);
