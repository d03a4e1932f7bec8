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
    plan: z
      .object({
        covered: z.boolean().meta({
          description:
            "The day's remaining budget covers the most every schedule could spend at each of its ticks left today: nothing " +
            "had to be ranked, and nothing is kept from any tick (every `reserved` is 0)",
        }),
        reserved: z.int().meta({ description: "The sum of the schedules' reservations (never more than `remaining`)" }),
        schedules: z.array(
          z.object({
            schedule_id: Uuid,
            name: z.string(),
            next_slot_at: z.string().meta({ format: "date-time", description: "Its first tick left today (a tick the cron pass still owes: its slot, already passed)" }),
            ticks_left_today: z.int(),
            tick_budget: z.int().nullable().meta({
              description: "Its per-tick budget (an auto budget resolved at its next tick); null for an auto budget when covered (not resolved)",
            }),
            reserved: z.int().meta({
              description: "What the rest of the day keeps for its ticks left today: other schedules' ticks cannot spend it (0 when covered)",
            }),
            due: z.int().nullable().meta({
              description: "Of that, the cost of its items due at those ticks (they must run then to meet their window); null when covered",
            }),
            due_uncovered: z.int().nullable().meta({
              description:
                "The cost of its due items the day cannot cover (they lose to earlier deadlines elsewhere, to staler items when " +
                "even the due items exceed the day, or to its own tick budget; runs report those the tick budget had room for " +
                "as skipped for `tenant_budget`); null when covered",
            }),
          }),
        ),
      })
      .meta({
        description:
          "The plan for the rest of the tenant's day (docs/adr/0008-tenant-day-reservations.md): per schedule with ticks " +
          "left today, in the order of its next tick, what is reserved for it",
      }),
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
