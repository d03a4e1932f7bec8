import { z } from "zod";
import { Name, Timestamp, Uuid } from "@/lib/validation";

const Selector = z.string().min(1).max(1000);
const Path = z.string().min(1).max(2000).startsWith("/", "Must start with /");

// docs/domain.md "Agents": the steps the built-in Playwright runner understands.
// A plain union: "click" has two shapes (by selector or by text), which a discriminated union cannot hold.
export const JourneyStep = z
  .union([
    z.strictObject({ action: z.literal("goto"), path: Path }),
    z.strictObject({ action: z.literal("click"), selector: Selector }),
    z.strictObject({ action: z.literal("click"), text: z.string().min(1).max(1000) }),
    z.strictObject({ action: z.literal("fill"), selector: Selector, value: z.string().max(10_000) }),
    z.strictObject({ action: z.literal("press"), key: z.string().min(1).max(100) }),
    z.strictObject({ action: z.literal("expect_text"), text: z.string().min(1).max(1000) }),
    z.strictObject({ action: z.literal("expect_url"), pattern: z.string().min(1).max(1000) }),
    z.strictObject({ action: z.literal("wait"), ms: z.int().min(0).max(10_000) }),
  ])
  .meta({ id: "JourneyStep" });

const Steps = z.array(JourneyStep).max(100);

export const CreateJourney = z
  .strictObject({
    project_id: Uuid,
    name: Name,
    description: z.string().max(5000).default(""),
    start_path: Path.default("/"),
    steps: Steps.default([]),
  })
  .meta({ id: "CreateJourney" });
export type CreateJourney = z.output<typeof CreateJourney>;

export const UpdateJourney = z
  .strictObject({
    name: Name.optional(),
    description: z.string().max(5000).optional(),
    start_path: Path.optional(),
    steps: Steps.optional(),
  })
  .meta({ id: "UpdateJourney" });
export type UpdateJourney = z.output<typeof UpdateJourney>;

export const Journey = z
  .object({
    id: Uuid,
    project_id: Uuid,
    name: z.string(),
    description: z.string(),
    start_path: z.string(),
    steps: z.array(JourneyStep),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: "Journey" });

export const JourneyListQuery = z.object({ project_id: Uuid.optional() });
export type JourneyStep = z.output<typeof JourneyStep>;
