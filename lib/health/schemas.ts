// The body of GET /api/health (lib/health/check.ts), for the OpenAPI document. Only times, counts and
// booleans: never a connection string, an error message or anything of a tenant's.
import { z } from "zod";

const At = z.string().meta({ format: "date-time" }).nullable();
const Age = z.int().min(0).nullable().meta({ description: "Seconds since then, at the request's time (null: never recorded)" });

export const Health = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({
      description:
        "down (503): the database is unreachable or its migrations are behind this release; degraded (200): it serves, but the cron pass or the agent workers are late; ok (200): all well",
    }),
    checked_at: z.string().meta({ format: "date-time" }),
    database: z.object({
      reachable: z.boolean(),
      latency_ms: z.number().min(0).nullable().meta({ description: "One round trip (select 1); null when unreachable" }),
    }),
    migrations: z.object({
      current: z.boolean().meta({ description: "Every migration this release ships has been applied" }),
      applied: z.int().min(0).nullable().meta({ description: "Migrations recorded in the database (null: unknown)" }),
      expected: z.int().min(0).meta({ description: "Migrations this release ships" }),
    }),
    cron: z.object({
      last_pass_at: At.meta({ description: "The last cron pass that completed" }),
      age_seconds: Age,
      last_failure_at: At.meta({ description: "The last cron pass that failed (its error is in the server log)" }),
      stale: z.boolean().meta({ description: "The last completed pass is older than stale_after_seconds, or a later one failed" }),
      stale_after_seconds: z.int(),
    }),
    workers: z.object({
      count: z.int().min(0).meta({ description: "Agent workers with a heartbeat within stale_after_seconds" }),
      last_heartbeat_at: At,
      age_seconds: Age,
      stale: z.boolean().meta({ description: "Workers were seen, but none within stale_after_seconds (one died without stopping)" }),
      stale_after_seconds: z.int(),
    }),
  })
  .meta({ id: "Health" });
export type Health = z.output<typeof Health>;
