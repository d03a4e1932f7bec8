import { z } from "zod";
import { Name, TimeZone, Uuid } from "@/lib/validation";

const DailyBudget = z.int().min(0).max(1_000_000);

export const CreateTenant = z
  .strictObject({ name: Name, daily_agent_budget: DailyBudget.default(100), timezone: TimeZone.default("UTC") })
  .meta({ id: "CreateTenant" });
export type CreateTenant = z.output<typeof CreateTenant>;

export const UpdateTenant = z
  .strictObject({ name: Name.optional(), daily_agent_budget: DailyBudget.optional(), timezone: TimeZone.optional() })
  .meta({ id: "UpdateTenant" });
export type UpdateTenant = z.output<typeof UpdateTenant>;

export const Tenant = z
  .object({ id: Uuid, name: z.string(), daily_agent_budget: z.int(), timezone: z.string() })
  .meta({ id: "Tenant" });

export const Budget = z
  .object({
    daily_agent_budget: z.int(),
    used_today: z.int(),
    remaining: z.int(),
    resets_at: z.string().meta({ format: "date-time" }),
    timezone: z.string(),
  })
  .meta({ id: "Budget" });

export const CreateApiKey = z.strictObject({ name: Name.default("API key") }).meta({ id: "CreateApiKey" });
export type CreateApiKey = z.output<typeof CreateApiKey>;

export const ApiKey = z
  .object({
    id: Uuid,
    name: z.string(),
    prefix: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "ApiKey" });
