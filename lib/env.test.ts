import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, env, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults every variable", () => {
    expect(parseEnv({})).toEqual({
      DATABASE_URL: undefined,
      DATABASE_DRIVER: undefined,
      DATABASE_CONNECT_TIMEOUT_MS: 5_000,
      DATA_DIR: "./.data",
      NEON_WS_PROXY: undefined,
      ADMIN_TOKEN: undefined,
      CRON_SECRET: undefined,
      SCHEDULER: "on",
      WORKER: "on",
      AGENT_EXECUTOR: "playwright",
      CHROMIUM_PATH: "/usr/bin/chromium",
      AGENT_CONCURRENCY: 2,
      AGENT_STEP_BUDGET_MS: 10_000,
      AGENT_STEP_TIMEOUT_MS: 30_000,
      AGENT_JOURNEY_TIMEOUT_MS: 120_000,
      AGENT_LEASE_MS: 30_000,
      AGENT_SHUTDOWN_GRACE_MS: 25_000,
      AGENT_BLOCK_PRIVATE: "off",
      AGENT_WEBHOOK_URL: undefined,
      AGENT_WEBHOOK_SECRET: undefined,
      AGENT_WEBHOOK_TIMEOUT_MS: 900_000,
      APP_URL: undefined,
      RESEND_API_KEY: undefined,
      RESEND_BASE_URL: undefined,
      EMAIL_FROM: "Rota <digest@rota.localhost>",
      RETENTION_DAYS: 90,
      RATE_LIMIT_API_PER_MINUTE: 600,
      RATE_LIMIT_SIGN_IN_PER_IP: 30,
      RATE_LIMIT_SIGN_IN_PER_EMAIL: 10,
      SIGN_UP: "off",
      PORT: 3000,
      VERCEL: false,
      TEST_DATABASE_URL: undefined,
    });
  });

  it("reads the agent settings, and refuses numbers out of range", () => {
    const config = parseEnv({ AGENT_CONCURRENCY: "4", RETENTION_DAYS: "7", AGENT_BLOCK_PRIVATE: "on", WORKER: "off" });
    expect(config).toMatchObject({ AGENT_CONCURRENCY: 4, RETENTION_DAYS: 7, AGENT_BLOCK_PRIVATE: "on", WORKER: "off" });
    expect(() => parseEnv({ AGENT_CONCURRENCY: "0" })).toThrow(/AGENT_CONCURRENCY="0": must be a whole number \(1-32\)/);
    expect(() => parseEnv({ RETENTION_DAYS: "ninety" })).toThrow(/RETENTION_DAYS/);
    expect(() => parseEnv({ AGENT_EXECUTOR: "selenium" })).toThrow(/AGENT_EXECUTOR="selenium": use "playwright" or "webhook"/);
  });

  it("requires the webhook's URL and secret with AGENT_EXECUTOR=webhook, never echoing the secret", () => {
    expect(() => parseEnv({ AGENT_EXECUTOR: "webhook" })).toThrow(
      /AGENT_WEBHOOK_URL.*required when AGENT_EXECUTOR=webhook.*AGENT_WEBHOOK_SECRET.*required/,
    );
    const secret = "short-secret";
    const err = (() => {
      try {
        parseEnv({ AGENT_EXECUTOR: "webhook", AGENT_WEBHOOK_URL: "https://u:p@fleet.test/hook", AGENT_WEBHOOK_SECRET: secret });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(/AGENT_WEBHOOK_URL.*must not contain a user name or password/);
    expect(err!.message).toMatch(/AGENT_WEBHOOK_SECRET: must be at least 16 characters/);
    expect(err!.message).not.toContain(secret);
    expect(
      parseEnv({ AGENT_EXECUTOR: "webhook", AGENT_WEBHOOK_URL: "https://fleet.test/hook", AGENT_WEBHOOK_SECRET: "x".repeat(32) }),
    ).toMatchObject({ AGENT_EXECUTOR: "webhook", AGENT_WEBHOOK_URL: "https://fleet.test/hook" });
  });

  it("treats empty values as unset and ignores other variables", () => {
    const vars = { DATABASE_URL: "", DATABASE_DRIVER: "", PORT: "", SCHEDULER: "", ADMIN_TOKEN: "", VERCEL: "", HOME: "/root" };
    expect(parseEnv(vars)).toEqual(parseEnv({}));
  });

  it("reads set values", () => {
    const config = parseEnv({
      DATABASE_URL: "postgresql://u:p@db.internal:6543/app",
      DATABASE_DRIVER: "neon",
      DATABASE_CONNECT_TIMEOUT_MS: "2000",
      DATA_DIR: "/var/lib/rota",
      NEON_WS_PROXY: "ws://127.0.0.1:8080",
      ADMIN_TOKEN: "adm1n",
      CRON_SECRET: "cr0n",
      SCHEDULER: "off",
      PORT: "8080",
      VERCEL: "1",
    });
    expect(config).toMatchObject({
      DATABASE_URL: "postgresql://u:p@db.internal:6543/app",
      DATABASE_DRIVER: "neon",
      DATABASE_CONNECT_TIMEOUT_MS: 2000,
      DATA_DIR: "/var/lib/rota",
      NEON_WS_PROXY: "ws://127.0.0.1:8080",
      ADMIN_TOKEN: "adm1n",
      CRON_SECRET: "cr0n",
      SCHEDULER: "off",
      PORT: 8080,
      VERCEL: true,
    });
  });

  it("refuses a bad value with a ConfigError naming the variable", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DATABASE_DRIVER: "mysql" }, /^Invalid configuration: DATABASE_DRIVER="mysql": use one of pglite, pg, neon$/],
      [{ SCHEDULER: "false" }, /SCHEDULER="false": use "on" or "off"/],
      [{ PORT: "abc" }, /PORT="abc": must be a port number/],
      [{ PORT: "70000" }, /PORT="70000": must be a port number/],
      [{ PORT: "0" }, /PORT="0": must be a port number/],
      [{ DATABASE_URL: "mysql://root:hunter2@db/app" }, /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/],
      [{ TEST_DATABASE_URL: "not a url" }, /TEST_DATABASE_URL: must be a postgres/],
      [{ ADMIN_TOKEN: "two words" }, /ADMIN_TOKEN: must not contain whitespace/],
      [{ CRON_SECRET: " padded" }, /CRON_SECRET: must not contain whitespace/],
    ];
    for (const [vars, message] of cases) {
      let thrown: unknown;
      try {
        parseEnv(vars);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, JSON.stringify(vars)).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message, JSON.stringify(vars)).toMatch(message);
    }
  });

  it("never echoes a secret, and lists every bad variable at once", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://root:hunter2@db/app", ADMIN_TOKEN: "s3cret token", PORT: "x" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/ADMIN_TOKEN/);
    expect(message).toMatch(/PORT="x"/);
    expect(message).not.toMatch(/hunter2|s3cret/);
  });
});

describe("env()", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ["PORT", "CRON_SECRET", "DATABASE_DRIVER"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads process.env once and keeps the result while it is unchanged", () => {
    const first = env();
    expect(env()).toBe(first);
    expect(first.ADMIN_TOKEN).toBe(process.env.ADMIN_TOKEN);
  });

  it("sees a variable changed at run time, and refuses an invalid one until it is fixed", () => {
    process.env.CRON_SECRET = "changed";
    process.env.PORT = "4000";
    expect(env()).toMatchObject({ CRON_SECRET: "changed", PORT: 4000 });
    process.env.DATABASE_DRIVER = "mysql";
    expect(() => env()).toThrow(/DATABASE_DRIVER="mysql"/);
    expect(() => env()).toThrow(ConfigError);
    delete process.env.DATABASE_DRIVER;
    expect(env().DATABASE_DRIVER).toBeUndefined();
  });
});
