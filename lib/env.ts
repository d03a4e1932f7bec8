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

const EnvSchema = z.object({
  /** Unset → the embedded PGlite database. */
  DATABASE_URL: PostgresUrl.optional(),
  /** Unset → chosen from DATABASE_URL. */
  DATABASE_DRIVER: z.enum(DRIVERS, { error: `use one of ${DRIVERS.join(", ")}` }).optional(),
  /** PGlite data folder. */
  DATA_DIR: z.string().default("./.data"),
  /** Neon driver only: a WebSocket-to-TCP proxy (local development and tests). */
  NEON_WS_PROXY: z.string().optional(),
  /** Unset → the admin API answers 404. */
  ADMIN_TOKEN: BearerSecret.optional(),
  /** Unset → the cron route refuses every call. */
  CRON_SECRET: BearerSecret.optional(),
  /** The in-process minute timer. */
  SCHEDULER: z.enum(["on", "off"], { error: 'use "on" or "off"' }).default("on"),
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
});

export type Env = z.output<typeof EnvSchema>;
export type EnvVar = keyof typeof EnvSchema.shape;

const VARS = Object.keys(EnvSchema.shape) as EnvVar[];
// Never echoed in an error message: they carry credentials.
const SECRET: ReadonlySet<EnvVar> = new Set(["DATABASE_URL", "TEST_DATABASE_URL", "ADMIN_TOKEN", "CRON_SECRET"]);

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
