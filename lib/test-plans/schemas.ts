import { z } from "zod";
import { Name, Timestamp, Uuid } from "@/lib/validation";

const JourneyIds = z
  .array(Uuid)
  .min(1)
  .max(100)
  // UUIDs are case-insensitive: "A…" and "a…" are the same journey.
  .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, { message: "journey_ids must be unique" });

export const CreateTestPlan = z
  .strictObject({ project_id: Uuid, name: Name, journey_ids: JourneyIds })
  .meta({ id: "CreateTestPlan" });
export type CreateTestPlan = z.output<typeof CreateTestPlan>;

export const UpdateTestPlan = z
  .strictObject({ name: Name.optional(), journey_ids: JourneyIds.optional() })
  .meta({ id: "UpdateTestPlan" });
export type UpdateTestPlan = z.output<typeof UpdateTestPlan>;

export const TestPlan = z
  .object({
    id: Uuid,
    project_id: Uuid,
    name: z.string(),
    journey_ids: z.array(Uuid),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: "TestPlan" });

export const TestPlanListQuery = z.object({ project_id: Uuid.optional() });
