import { sql } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { queryRows } from "@/lib/db";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi } from "./setup";
import { ADMIN_TOKEN, type ApiResponse } from "../helpers/client";

afterEach(() => setRequestClock(null));

describeApi("auth", (env) => {
  it("401 without, with a malformed, unknown or revoked key, in the error shape", async () => {
    const { api } = env();
    const { client } = await api.tenant();
    for (const key of [undefined, "not-a-key", "rota_abcdefabcdef_" + "x".repeat(43)]) {
      const res = await api.as(key).get("/api/v1/schedules");
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
      expect(typeof res.body.error.message).toBe("string");
    }
    const malformedHeader = await api.request("GET", "/api/v1/schedules", undefined, { headers: { authorization: "Basic abc" } });
    expect(malformedHeader.status).toBe(401);

    const issued = await client.post("/api/v1/api-keys", { name: "CI" });
    expect(issued.status).toBe(201);
    const second = api.as(issued.body.key);
    expect((await second.get("/api/v1/schedules")).status).toBe(200);
    expect((await client.del(`/api/v1/api-keys/${issued.body.id}`)).status).toBe(204);
    expect((await second.get("/api/v1/schedules")).status).toBe(401);
    // The first key still works; revocation is per key.
    expect((await client.get("/api/v1/schedules")).status).toBe(200);
  });

  it("stores keys hashed, shows prefixes only and records last use", async () => {
    const { api, db } = env();
    const { client, key } = await api.tenant();
    const rows = await queryRows<{ prefix: string; key_hash: string }>(db.db, sql`select prefix, key_hash from api_keys`);
    expect(rows.some((r) => r.key_hash === key)).toBe(false);
    expect(rows.every((r) => r.key_hash.length === 64)).toBe(true);
    const list: ApiResponse = await client.get("/api/v1/api-keys");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(key.startsWith(list.body.data[0].prefix)).toBe(true);
    expect(list.body.data[0].last_used_at).not.toBeNull();
  });

  it("admin API: 404 when ADMIN_TOKEN is unset, 401 with a wrong token, 400 on bad input", async () => {
    const { api } = env();
    const saved = process.env.ADMIN_TOKEN;
    try {
      delete process.env.ADMIN_TOKEN;
      expect((await api.as(ADMIN_TOKEN).post("/api/admin/tenants", { name: "x" })).status).toBe(404);
    } finally {
      process.env.ADMIN_TOKEN = saved;
    }
    expect((await api.as("wrong").post("/api/admin/tenants", { name: "x" })).status).toBe(401);
    const admin = api.as(ADMIN_TOKEN);
    expect((await admin.post("/api/admin/tenants", { name: "x", timezone: "Mars/Base" })).status).toBe(400);
    expect((await admin.post("/api/admin/tenants", { name: "x", daily_agent_budget: -1 })).status).toBe(400);
    const created = await admin.post("/api/admin/tenants", { name: "Acme", daily_agent_budget: 7, timezone: "Europe/Berlin" });
    expect(created.status).toBe(201);
    expect(created.body.tenant).toMatchObject({ name: "Acme", daily_agent_budget: 7, timezone: "Europe/Berlin" });
    expect(typeof created.body.api_key).toBe("string");
    const patched = await admin.patch(`/api/admin/tenants/${created.body.tenant.id}`, { daily_agent_budget: 9 });
    expect(patched.status).toBe(200);
    expect(patched.body.tenant.daily_agent_budget).toBe(9);
    expect((await admin.patch(`/api/admin/tenants/00000000-0000-4000-8000-000000000000`, { name: "y" })).status).toBe(404);
    const budget = await api.as(created.body.api_key).get("/api/v1/budget");
    expect(budget.status).toBe(200);
    expect(budget.body).toMatchObject({ daily_agent_budget: 9, used_today: 0, remaining: 9, timezone: "Europe/Berlin" });
    // Berlin in summer is UTC+2: on a virtual 10 June, the day resets at 22:00 UTC.
    setRequestClock(() => new Date("2026-06-10T10:00:00Z"));
    const tomorrow = await api.as(created.body.api_key).get("/api/v1/budget");
    expect(tomorrow.body.resets_at).toBe("2026-06-10T22:00:00.000Z");
  });
});

describeApi("unknown endpoints", (env) => {
  it("answer 404 in the error envelope, for any method", async () => {
    const { api } = env();
    for (const [method, path] of [["GET", "/api/v1/nope"], ["POST", "/api/v1/schedules/x/y/z"], ["DELETE", "/api/admin/nope"]]) {
      const res = await api.request(method!, path!, undefined, { unchecked: "deliberately not an endpoint of the document" });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe("not_found");
    }
    // Real routes still win over the catch-all.
    expect((await api.get("/api/v1/schedules")).status).toBe(401);
  });
});
