import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeApi } from "./setup";
import type { ApiResponse } from "../helpers/client";

describeApi("agents API", (env) => {
  it("lists the agents ticks queued, filters them, and shows one with steps and findings", async () => {
    const e = env();
    const { client } = await e.api.tenant();
    const project = await client.project();
    const s = await client.schedule(project.id, { daily_budget: 2 });
    const other = await client.schedule(project.id, { daily_budget: 1 });
    for (let i = 0; i < 3; i++) {
      const j = await client.journey(project.id, { name: `J${i}` });
      await client.item(s.id, { journey_id: j.id });
      if (i === 0) await client.item(other.id, { journey_id: j.id });
    }
    const run: ApiResponse = await client.post(`/api/v1/schedules/${s.id}/trigger`);
    await client.post(`/api/v1/schedules/${other.id}/trigger`);

    const all = await client.get("/api/v1/agents");
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(3);
    expect(all.body.data[0]).not.toHaveProperty("findings");
    const bySchedule = await client.get(`/api/v1/agents?schedule_id=${s.id}`);
    expect(bySchedule.body.data.map((a: { id: string }) => a.id).sort()).toEqual(
      run.body.selected.flatMap((x: { agent_ids: string[] }) => x.agent_ids).sort(),
    );
    const byRun = await client.get(`/api/v1/agents?run_id=${run.body.id}&status=queued&limit=1`);
    expect(byRun.body.data).toHaveLength(1);
    expect(byRun.body.next_cursor).toBeTruthy();
    const next = await client.get(`/api/v1/agents?run_id=${run.body.id}&status=queued&limit=1&cursor=${byRun.body.next_cursor}`);
    expect(next.body.data[0].id).not.toBe(byRun.body.data[0].id);
    expect((await client.get("/api/v1/agents?status=passed")).body.data).toEqual([]);
    expect((await client.get("/api/v1/agents?status=bogus")).status).toBe(400);

    const id = byRun.body.data[0].id;
    await e.db.db.execute(
      sql`insert into findings (tenant_id, agent_id, severity, title, detail, step)
          select tenant_id, id, 'high', 'Step 2 failed', 'Button not found', 2 from agents where id = ${id}`,
    );
    const one = await client.get(`/api/v1/agents/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id,
      schedule_id: s.id,
      run_id: run.body.id,
      status: "queued",
      attempt: 1,
      started_at: null,
      steps: [],
      findings: [{ severity: "high", title: "Step 2 failed", detail: "Button not found", step: 2 }],
    });

    const { client: stranger } = await e.api.tenant();
    expect((await stranger.get(`/api/v1/agents/${id}`)).status).toBe(404);
    expect((await stranger.get("/api/v1/agents")).body.data).toEqual([]);
    expect((await stranger.get("/api/v1/agents/nope")).status).toBe(404);
    expect((await e.api.get("/api/v1/agents")).status).toBe(401);
  });
});
