import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, env, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults every variable", () => {
    expect(parseEnv({})).toEqual({
      DATABASE_URL: undefined,
      DATABASE_DRIVER: undefined,
      DATA_DIR: "./.data",
      NEON_WS_PROXY: undefined,
      ADMIN_TOKEN: undefined,
      CRON_SECRET: undefined,
      SCHEDULER: "on",
      PORT: 3000,
      VERCEL: false,
      TEST_DATABASE_URL: undefined,
    });
  });

  it("treats empty values as unset and ignores other variables", () => {
    const vars = { DATABASE_URL: "", DATABASE_DRIVER: "", PORT: "", SCHEDULER: "", ADMIN_TOKEN: "", VERCEL: "", HOME: "/root" };
    expect(parseEnv(vars)).toEqual(parseEnv({}));
  });

  it("reads set values", () => {
    const config = parseEnv({
      DATABASE_URL: "postgresql://u:p@db.internal:6543/app",
      DATABASE_DRIVER: "neon",
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
