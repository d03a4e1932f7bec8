// Driver choice (README "Configuration") and the PGlite data-folder lock (a second
// process on one folder silently diverges, so it must be refused).
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { chooseDriver, dbOptionsFromEnv, openDb, parseWsProxy, queryRows, type DbHandle } from "@/lib/db";

const NEON_URL = "postgres://user:pw@ep-cool-frost-123456.eu-central-1.aws.neon.tech/neondb?sslmode=require";
const PG_URL = "postgres://postgres@127.0.0.1:5432/rota";
const fromEnv = (vars: Record<string, string>) => dbOptionsFromEnv(vars as unknown as NodeJS.ProcessEnv);

describe("chooseDriver", () => {
  it("picks PGlite without a URL, pg for PostgreSQL URLs, neon for *.neon.tech", () => {
    expect(chooseDriver({})).toBe("pglite");
    expect(chooseDriver({ dataDir: "/tmp/x" })).toBe("pglite");
    expect(chooseDriver({ url: PG_URL })).toBe("pg");
    expect(chooseDriver({ url: "postgresql://u:p@db.internal:6543/app" })).toBe("pg");
    expect(chooseDriver({ url: NEON_URL })).toBe("neon");
    expect(chooseDriver({ url: "postgres://u:p@EP-X-POOLER.US-EAST-2.AWS.NEON.TECH/db" })).toBe("neon");
    expect(chooseDriver({ url: "postgres://u:p@neon.tech/db" })).toBe("neon");
    // Only the host counts: look-alikes and a neon.tech mention elsewhere in the URL are plain PostgreSQL.
    expect(chooseDriver({ url: "postgres://u:p@notneon.tech/db" })).toBe("pg");
    expect(chooseDriver({ url: "postgres://u:p@neon.tech.example.com/db" })).toBe("pg");
    expect(chooseDriver({ url: "postgres://neon.tech:p@127.0.0.1/neon.tech" })).toBe("pg");
  });

  it("an explicit driver (DATABASE_DRIVER) overrides the URL", () => {
    expect(chooseDriver({ url: NEON_URL, driver: "pg" })).toBe("pg");
    expect(chooseDriver({ url: PG_URL, driver: "neon" })).toBe("neon");
    expect(chooseDriver({ url: PG_URL, driver: "pglite" })).toBe("pglite");
    expect(chooseDriver(fromEnv({ DATABASE_URL: NEON_URL, DATABASE_DRIVER: "pg" }))).toBe("pg");
    expect(chooseDriver(fromEnv({ DATABASE_URL: PG_URL, DATABASE_DRIVER: "neon" }))).toBe("neon");
    expect(chooseDriver(fromEnv({ DATABASE_URL: NEON_URL }))).toBe("neon");
    expect(chooseDriver(fromEnv({ DATABASE_URL: PG_URL }))).toBe("pg");
    // Empty variables (as .env files leave them) mean unset.
    expect(chooseDriver(fromEnv({ DATABASE_URL: "", DATABASE_DRIVER: "" }))).toBe("pglite");
  });

  it("refuses an unknown DATABASE_DRIVER instead of silently using pg", () => {
    expect(() => chooseDriver(fromEnv({ DATABASE_URL: PG_URL, DATABASE_DRIVER: "mysql" }))).toThrow(
      /DATABASE_DRIVER.*mysql.*pglite, pg, neon/,
    );
  });

  it("neon/pg without a URL fail with a clear message", async () => {
    await expect(openDb({ driver: "pg" })).rejects.toThrow(/DATABASE_URL is required for the pg driver/);
    await expect(openDb({ driver: "neon" })).rejects.toThrow(/DATABASE_URL is required for the neon driver/);
  });

  it("parses NEON_WS_PROXY into what the Neon driver wants (no scheme)", () => {
    expect(parseWsProxy("ws://127.0.0.1:8080")).toEqual({ secure: false, hostAndPath: "127.0.0.1:8080/v1" });
    expect(parseWsProxy("ws://localhost:8080/")).toEqual({ secure: false, hostAndPath: "localhost:8080/v1" });
    expect(parseWsProxy("wss://proxy.example.com/v2")).toEqual({ secure: true, hostAndPath: "proxy.example.com/v2" });
    expect(parseWsProxy("localhost:9000")).toEqual({ secure: false, hostAndPath: "localhost:9000/v1" });
    expect(() => parseWsProxy("ws://")).toThrow(/NEON_WS_PROXY/);
    expect(() => parseWsProxy("ws://host:1/v1?address=x")).toThrow(/NEON_WS_PROXY/);
  });
});

describe("PGlite data folder lock", () => {
  const dirs: string[] = [];
  const handles: DbHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close().catch(() => {});
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "rota-lock-"));
    dirs.push(d);
    return d;
  };
  const lockFile = (dir: string) => path.join(dir, "rota.lock");
  async function open(dir: string) {
    const h = await openDb({ dataDir: dir });
    handles.push(h);
    return h;
  }
  /** The pid of a process that has exited. */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const pid = Number(child.stdout);
    expect(pid).toBeGreaterThan(0);
    return pid;
  }

  it("refuses a second open of the same folder while the first is open, then allows it after close", async () => {
    const dir = tempDir();
    const first = await open(dir);
    expect(first.driver).toBe("pglite");
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    await first.db.execute(sql`create table kept (v int)`);
    await first.db.execute(sql`insert into kept values (42)`);

    await expect(openDb({ dataDir: dir })).rejects.toThrow(/in use|already open/);
    // The refused attempt did not take the lock away from the first handle.
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    const [row] = await queryRows<{ v: number }>(first.db, sql`select v from kept`);
    expect(row!.v).toBe(42);

    await first.close();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    const second = await open(dir);
    const [again] = await queryRows<{ v: number }>(second.db, sql`select v from kept`);
    expect(again!.v).toBe(42); // the same data, reopened
  });

  it("a second process opening a folder this one holds is refused, and leaves it alone", async () => {
    const dir = tempDir();
    await open(dir);
    const script = [
      `import { openDb } from ${JSON.stringify(path.resolve("lib/db/client.ts"))};`,
      `openDb({ dataDir: ${JSON.stringify(dir)} })`,
      `  .then(() => { console.log("OPENED"); process.exit(0); })`,
      `  .catch((e) => { console.log("REFUSED " + e.message); process.exit(3); });`,
    ].join("\n");
    const file = path.join(tempDir(), "open.mts");
    fs.writeFileSync(file, script);
    // Asynchronous, so this worker's event loop keeps running; a generous limit, because a fresh
    // tsx process on a busy 2-core machine can take tens of seconds (it only catches a hang).
    const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(path.resolve("node_modules/.bin/tsx"), [file], { encoding: "utf8", timeout: 180_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr }),
      );
    });
    expect(child.stdout, child.stderr).toContain(`REFUSED The embedded database in ${dir} is in use by process ${process.pid}`);
    expect(child.status).toBe(3);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  }, 300_000);

  it("refuses a folder locked by another live process, naming it", async () => {
    const dir = tempDir();
    const otherPid = process.ppid; // alive for as long as this test runs
    expect(otherPid).not.toBe(process.pid);
    fs.writeFileSync(lockFile(dir), String(otherPid));
    await expect(openDb({ dataDir: dir })).rejects.toThrow(
      new RegExp(`in use by process ${otherPid}.*DATABASE_URL`, "s"),
    );
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(otherPid)); // left alone
  });

  it("takes over a stale lock whose process is gone", async () => {
    const dir = tempDir();
    const dead = deadPid();
    fs.writeFileSync(lockFile(dir), String(dead));
    const h = await open(dir);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    const [row] = await queryRows<{ one: number }>(h.db, sql`select 1 as one`);
    expect(row!.one).toBe(1);
    await h.close();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it("takes over a lock left by an earlier run that had this same pid (containers reuse pids)", async () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), String(process.pid)); // not held by this process: stale
    const h = await open(dir);
    const [row] = await queryRows<{ one: number }>(h.db, sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });
});
