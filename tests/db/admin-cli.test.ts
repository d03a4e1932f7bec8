// `npm run admin`: the operators' CLI, run as a real process against a PGlite data folder.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
// Each call is a fresh tsx process that compiles the CLI and opens PGlite: seconds on an idle
// machine, much longer on a busy 2-core one. The limits only catch a hung process; they measure
// nothing.
const PROCESS_TIMEOUT_MS = 180_000;
const TEST_TIMEOUT_MS = 900_000;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rota-admin-"));
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/admin.ts", ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      timeout: PROCESS_TIMEOUT_MS, // SIGTERM: tsx passes it on to the node process it started
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number | string; killed?: boolean; signal?: string | null; stdout: string; stderr: string };
    if (e.killed || e.signal) {
      throw new Error(`admin ${args.join(" ")}: killed (${e.signal}) after ${PROCESS_TIMEOUT_MS} ms\n${e.stdout}\n${e.stderr}`);
    }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("admin CLI", () => {
  it("creates, updates and lists tenants and issues keys; bad input exits non-zero with the reason", async () => {
    const created = await admin("create-tenant", "--name", "Acme", "--budget", "40", "--timezone", "Europe/Berlin");
    expect(created.code, created.stderr).toBe(0);
    const { tenant, api_key } = JSON.parse(created.stdout);
    expect(tenant).toMatchObject({ name: "Acme", daily_agent_budget: 40, timezone: "Europe/Berlin" });
    expect(api_key).toMatch(/^rota_[a-z0-9]{12}_/);

    const updated = await admin("update-tenant", tenant.id, "--budget", "55");
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout).daily_agent_budget).toBe(55);

    const key = await admin("issue-key", tenant.id, "--name", "CI");
    expect(key.code, key.stderr).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ name: "CI", revoked_at: null });

    const list = await admin("list-tenants");
    expect(JSON.parse(list.stdout).map((t: { id: string }) => t.id)).toEqual([tenant.id]);

    const bad = await admin("create-tenant", "--name", "X", "--timezone", "Mars/Olympus");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("validation_error");
    const unknown = await admin("frobnicate");
    expect(unknown.code).toBe(2);
    expect(JSON.parse((await admin("list-tenants")).stdout)).toHaveLength(1); // nothing written
  }, TEST_TIMEOUT_MS);
});
