import { afterEach, expect, it } from "vitest";
import { setRequestClock } from "@/lib/http/clock";
import { describeApi } from "./setup";

afterEach(() => {
  setRequestClock(null);
  delete process.env.CRON_SECRET;
});

describeApi("cron route", (env) => {
  it("refuses without CRON_SECRET configured, and with a missing or wrong bearer", async () => {
    const { api } = env();
    expect((await api.as("anything").get("/api/cron/tick")).status).toBe(401);
    process.env.CRON_SECRET = "s3cret";
    expect((await api.get("/api/cron/tick")).status).toBe(401);
    const wrong = await api.as("nope").get("/api/cron/tick");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
  });

  it("reads the secret with the same bearer parser as API keys and the admin token", async () => {
    const { api } = env();
    process.env.CRON_SECRET = "s3cret";
    const call = (authorization: string) => api.request("GET", "/api/cron/tick", undefined, { headers: { authorization } });
    for (const header of ["Basic s3cret", "Bearer", "Bearer s3cret extra", "Bearers3cret", "Bearer s3cre", "Bearer s3cret2"]) {
      const res = await call(header);
      expect(res.status, header).toBe(401);
      expect(res.body, header).toEqual({ error: { code: "unauthorized", message: "Invalid cron secret" } });
    }
    // The scheme is case-insensitive and surrounding blanks do not count.
    for (const header of ["Bearer s3cret", "bearer   s3cret  ", "BEARER s3cret"]) {
      expect((await call(header)).status, header).toBe(200);
    }
  });

  it("runs one cron pass: due schedules tick once, a repeated delivery changes nothing", async () => {
    const { api } = env();
    let now = Date.parse("2026-05-04T06:00:00Z");
    setRequestClock(() => new Date(now));
    const { client } = await api.tenant();
    const project = await client.project();
    const s = await client.schedule(project.id, { run_time: "07:00", timezone: "UTC", daily_budget: 1 });
    for (let i = 0; i < 2; i++) await client.item(s.id, { journey_id: (await client.journey(project.id, { name: `J${i}` })).id });
    expect(s.next_tick_at).toBe("2026-05-04T07:00:00.000Z");

    process.env.CRON_SECRET = "s3cret";
    const cron = api.as("s3cret");
    now = Date.parse("2026-05-04T07:00:20Z");
    const first = await cron.get("/api/cron/tick");
    expect(first.status).toBe(200);
    expect(first.body.ticked).toBeGreaterThanOrEqual(1);
    const again = await cron.get("/api/cron/tick");
    expect(again.status).toBe(200);
    const runs = await client.get(`/api/v1/schedules/${s.id}/runs`);
    expect(runs.body.data).toHaveLength(1);
    expect(runs.body.data[0]).toMatchObject({ trigger: "cron", slot_at: "2026-05-04T07:00:00.000Z", status: "dispatched" });
    const after = await client.get(`/api/v1/schedules/${s.id}`);
    expect(after.body.next_tick_at).toBe("2026-05-05T07:00:00.000Z");
    expect(after.body.last_tick_at).toBe("2026-05-04T07:00:20.000Z");
  });
});
