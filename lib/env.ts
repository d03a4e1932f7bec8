// The configuration: every environment variable Rota reads, in one zod schema with its defaults,
// validated before use so that a typo fails loudly, naming the variable, instead of quietly meaning
// something else. The app reads configuration only through `env()`.
import { z } from "zod";

const DRIVERS = ["pglite", "pg", "neon"] as const;

function isPostgresUrl(value: string): boolean {
  try {
    return /^postgres(ql)?:$/i.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const PostgresUrl = z.string().refine(isPostgresUrl, "must be a postgres:// or postgresql:// URL");
// A bearer token travels as `Authorization: Bearer <token>`; one with blanks could never be presented.
const BearerSecret = z.string().regex(/^\S+$/, "must not contain whitespace (it is sent as a bearer token)");

/** A whole number of the environment (a string) within bounds. */
function intVar(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, `must be a whole number (${min}-${max})`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number (${min}-${max})`)
    .default(fallback);
}
const OnOff = (fallback: "on" | "off") => z.enum(["on", "off"], { error: 'use "on" or "off"' }).default(fallback);
const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
// A user name or password in a URL would be sent nowhere (fetch refuses it) and end up in logs.
const WebhookUrl = HttpUrl.refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), "must not contain a user name or password");

const EnvSchema = z.object({
  /** Unset → the embedded PGlite database. */
  DATABASE_URL: PostgresUrl.optional(),
  /** Unset → chosen from DATABASE_URL. */
  DATABASE_DRIVER: z.enum(DRIVERS, { error: `use one of ${DRIVERS.join(", ")}` }).optional(),
  /**
   * pg / neon: how long opening a connection may take before the request gives up (and the API
   * answers 503) instead of hanging on an unreachable database.
   */
  DATABASE_CONNECT_TIMEOUT_MS: intVar(100, 120_000, 5_000),
  /** PGlite data folder. */
  DATA_DIR: z.string().default("./.data"),
  /** Neon driver only: a WebSocket-to-TCP proxy (local development and tests). */
  NEON_WS_PROXY: z.string().optional(),
  /** Unset → the admin API answers 404. */
  ADMIN_TOKEN: BearerSecret.optional(),
  /** Unset → the cron route refuses every call. */
  CRON_SECRET: BearerSecret.optional(),
  /** The in-process minute timer. */
  SCHEDULER: OnOff("on"),
  /** The in-process agent worker of `npm start` (docs/agents.md). */
  WORKER: OnOff("on"),
  /** Who runs agents: the built-in browser runner, or an external fleet called by webhook. */
  AGENT_EXECUTOR: z.enum(["playwright", "webhook"], { error: 'use "playwright" or "webhook"' }).default("playwright"),
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  /** Agents one worker runs at once. */
  AGENT_CONCURRENCY: intVar(1, 32, 2),
  /** A step that passes but takes longer than this is a `low` finding. */
  AGENT_STEP_BUDGET_MS: intVar(100, 600_000, 10_000),
  /** A step that takes longer than this fails. */
  AGENT_STEP_TIMEOUT_MS: intVar(100, 600_000, 30_000),
  AGENT_JOURNEY_TIMEOUT_MS: intVar(1_000, 3_600_000, 120_000),
  /** A claim lasts this long unless its worker's heartbeat renews it (every third of it). */
  AGENT_LEASE_MS: intVar(3_000, 3_600_000, 30_000),
  /** How long a stopping worker lets running agents finish before giving them back to the queue. */
  AGENT_SHUTDOWN_GRACE_MS: intVar(0, 600_000, 25_000),
  /** on: the runner also refuses loopback and private addresses (the production setting). */
  AGENT_BLOCK_PRIVATE: OnOff("off"),
  /** Webhook executor: where agents are POSTed, the HMAC secret, and how long a report may take. */
  AGENT_WEBHOOK_URL: WebhookUrl.optional(),
  AGENT_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  AGENT_WEBHOOK_TIMEOUT_MS: intVar(10_000, 86_400_000, 900_000),
  /** Rota's public origin, for links it hands out (the webhook's result URL); default http://localhost:PORT. */
  APP_URL: HttpUrl.optional(),
  /** Digest email through Resend when set; otherwise digests land in the local outbox only. */
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Tests and proxies: where the Resend SDK sends (default its public API). */
  RESEND_BASE_URL: HttpUrl.optional(),
  /** The digest's sender. */
  EMAIL_FROM: z.string().min(3).default("Rota <digest@rota.localhost>"),
  /** Agents, their steps, findings and screenshots older than this many days are deleted by the cron pass. */
  RETENTION_DAYS: intVar(1, 36_500, 90),
  /**
   * Signs the web UI's session cookies (at least 32 characters). `npm start` generates one into the
   * data folder; a deployment must set it (better-auth refuses its default secret in production).
   */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** The origin people sign in at; default APP_URL. Requests from any other Origin are refused. */
  BETTER_AUTH_URL: HttpUrl.optional(),
  /**
   * on: anyone may sign up and get a workspace of their own (with its daily agent budget). Off by
   * default: on a server others can reach, strangers' agents would browse from it; turn it on
   * deliberately, with AGENT_BLOCK_PRIVATE=on for the workers.
   */
  SIGN_UP: OnOff("off"),
  /**
   * Requests per minute of one API key (or one signed-in person) on /api/v1, per server instance;
   * over it, 429 with Retry-After. 0: no limit.
   */
  RATE_LIMIT_API_PER_MINUTE: intVar(0, 1_000_000_000, 600),
  /** Sign-in and sign-up attempts per 15 minutes from one client IP, per server instance. 0: no limit. */
  RATE_LIMIT_SIGN_IN_PER_IP: intVar(0, 1_000_000, 30),
  /** Sign-in attempts per 15 minutes for one email address (whatever the IP), per instance. 0: no limit. */
  RATE_LIMIT_SIGN_IN_PER_EMAIL: intVar(0, 1_000_000, 10),
  /** Port of `npm start`. */
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, "must be a port number (1-65535)")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, "must be a port number (1-65535)")
    .default(3000),
  /** Set by Vercel on its platform: Vercel Cron ticks there, so the in-process timer stays off. */
  VERCEL: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
  /** Tests only: also run the database suites against this PostgreSQL. */
  TEST_DATABASE_URL: PostgresUrl.optional(),
}).superRefine((config, ctx) => {
  if (config.AGENT_EXECUTOR !== "webhook") return;
  for (const name of ["AGENT_WEBHOOK_URL", "AGENT_WEBHOOK_SECRET"] as const) {
    if (!config[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when AGENT_EXECUTOR=webhook" });
  }
});

export type Env = z.output<typeof EnvSchema>;
export type EnvVar = keyof typeof EnvSchema.shape;

const VARS = Object.keys(EnvSchema.shape) as EnvVar[];
// Never echoed in an error message: they carry credentials.
const SECRET: ReadonlySet<EnvVar> = new Set([
  "DATABASE_URL",
  "TEST_DATABASE_URL",
  "ADMIN_TOKEN",
  "CRON_SECRET",
  "AGENT_WEBHOOK_SECRET",
  "RESEND_API_KEY",
  "BETTER_AUTH_SECRET",
]);

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Validate `vars` (process.env, or any record of the same variables) into the configuration, or throw
 * a ConfigError naming each bad variable. An empty value means unset, as `.env` files leave them.
 */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const raw: Partial<Record<EnvVar, string>> = {};
  for (const name of VARS) {
    const value = vars[name];
    if (value !== undefined && value !== "") raw[name] = value;
  }
  const result = EnvSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path[0] as EnvVar;
    const shown = SECRET.has(name) ? "" : `=${JSON.stringify(raw[name])}`;
    return `${name}${shown}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}

let cached: { key: string; env: Env } | null = null;

/**
 * The process's configuration, validated on first use and kept. It is validated again only when one
 * of its variables has changed since (tests set them; `next dev` reloads `.env` files), so no caller
 * ever sees a value the schema did not pass.
 */
export function env(): Env {
  const key = JSON.stringify(VARS.map((name) => process.env[name] ?? null));
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

/**
 * The values of the configured secrets (tokens, keys, database passwords), for the log to strip
 * wherever they appear. Empty when the configuration does not parse: that error names no values.
 */
export function configuredSecrets(): string[] {
  let config: Env;
  try {
    config = env();
  } catch {
    return [];
  }
  const values: string[] = [];
  for (const name of SECRET) {
    const value = config[name];
    if (typeof value !== "string") continue;
    if (name === "DATABASE_URL" || name === "TEST_DATABASE_URL") {
      const password = safePassword(value);
      if (password) values.push(password);
    } else values.push(value);
  }
  return values;
}

function safePassword(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/** Rota's public origin, for links it hands out (digest links, the webhook's result URL). */
export function publicUrl(config: Env): string {
  return (config.APP_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}
