// Hostile request bodies through the real route handlers: bodies over 1 MB are refused with 413
// (announced by Content-Length or streamed chunked without one), JSON nested deeper than the limit is
// a 400 and never a stack overflow, and nothing is written when a body is refused.
import http from "node:http";
import { expect, it } from "vitest";
import { describeApi } from "./setup";
import type { ApiClient, ApiResponse } from "../helpers/client";

const MB = 1024 * 1024;

const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);

/** A JSON body padded with trailing whitespace (still valid JSON) to exactly `bytes` bytes. */
function padded(body: unknown, bytes: number): string {
  const text = JSON.stringify(body);
  const pad = bytes - Buffer.byteLength(text);
  if (pad < 0) throw new Error("body already larger than requested");
  return text + " ".repeat(pad);
}

async function projectNames(client: ApiClient): Promise<string[]> {
  const res = await client.get("/api/v1/projects?limit=100");
  expect(res.status).toBe(200);
  return res.body.data.map((p: { name: string }) => p.name);
}

/** POST `body` in chunks with `Transfer-Encoding: chunked` and no Content-Length. */
function postChunked(baseUrl: string, path: string, key: string, body: string, chunkBytes = 64 * 1024): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      baseUrl + path,
      {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // left as text: the assertions below show what came back
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: new Headers() });
        });
      },
    );
    req.on("error", reject);
    expect(req.hasHeader("content-length")).toBe(false);
    for (let i = 0; i < body.length; i += chunkBytes) req.write(body.slice(i, i + chunkBytes));
    req.end();
  });
}

describeApi("hostile bodies", (env) => {
  it("JSON nested 5,000 deep is a 400 validation_error, not a 500, and writes nothing", async () => {
    const { api } = env();
    const { client } = await api.tenant();
    const before = await projectNames(client);
    const bodies = [
      deepArray(5_000),
      deepObject(5_000),
      `{"name":"Deep","base_url":"https://deep.test","x":${deepArray(5_000)}}`,
    ];
    for (const raw of bodies) {
      expect(Buffer.byteLength(raw)).toBeLessThan(MB);
      const res = await client.request("POST", "/api/v1/projects", undefined, { raw });
      expect(res.status, raw.slice(0, 40)).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.message).toMatch(/nest/i);
    }
    // The same through a schema with nested arrays (journey steps) and through a PATCH.
    const project = await client.project();
    const deepSteps = `{"project_id":"${project.id}","name":"J","steps":${deepArray(5_000)}}`;
    expect((await client.request("POST", "/api/v1/journeys", undefined, { raw: deepSteps })).status).toBe(400);
    const patch = await client.request("PATCH", `/api/v1/projects/${project.id}`, undefined, { raw: deepObject(5_000) });
    expect(patch.status).toBe(400);
    expect(await projectNames(client)).toEqual([project.name, ...before]);
    expect((await client.get("/api/v1/journeys")).body.data).toHaveLength(0);
  });

  it("nesting within the limit is parsed and judged by the schema as usual", async () => {
    const { api } = env();
    const { client } = await api.tenant();
    const res = await client.request("POST", "/api/v1/projects", undefined, {
      raw: `{"name":"Shop","base_url":"https://shop.test","extra":${deepArray(30)}}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.message).not.toMatch(/nest/i);
    // An unknown key, reported by the schema, not a depth refusal.
    expect(JSON.stringify(res.body.error.issues)).toContain("extra");
  });

  it("a 1.5 MB body with Content-Length is 413 payload_too_large and writes nothing", async () => {
    const { api } = env();
    const { client, key } = await api.tenant();
    const project = await client.project({ name: "Before" });
    const raw = padded({ name: "Huge", base_url: "https://huge.test" }, 1.5 * MB);
    const res = await client.request("POST", "/api/v1/projects", undefined, { raw });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });

    const patch = await client.request("PATCH", `/api/v1/projects/${project.id}`, undefined, {
      raw: padded({ name: "Renamed" }, 1.5 * MB),
    });
    expect(patch.status).toBe(413);
    expect(patch.body.error.code).toBe("payload_too_large");

    // Operator routes read bodies the same way.
    const admin = await api.as("test-admin-token").request("POST", "/api/admin/tenants", undefined, {
      raw: padded({ name: "Huge tenant" }, 1.5 * MB),
    });
    expect(admin.status).toBe(413);

    expect(await projectNames(client)).toEqual(["Before"]);
    expect(key).toBeTruthy();
  });

  it("a 1.5 MB body sent chunked without Content-Length is 413 and writes nothing", async () => {
    const { api } = env();
    const { client, key } = await api.tenant();
    const raw = padded({ name: "Chunked", base_url: "https://chunked.test" }, 1.5 * MB);
    const res = await postChunked(api.baseUrl, "/api/v1/projects", key, raw);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
    expect(await projectNames(client)).toEqual([]);
    // A small chunked body is read as usual.
    const ok = await postChunked(api.baseUrl, "/api/v1/projects", key, JSON.stringify({ name: "Small", base_url: "https://s.test" }), 7);
    expect(ok.status).toBe(201);
    expect(await projectNames(client)).toEqual(["Small"]);
  });

  it("a body of exactly 1 MB still works; one byte more is 413", async () => {
    const { api } = env();
    const { client, key } = await api.tenant();
    const atLimit = padded({ name: "At limit", base_url: "https://limit.test" }, MB);
    const created = await client.request("POST", "/api/v1/projects", undefined, { raw: atLimit });
    expect(created.status).toBe(201);
    const chunked = await postChunked(api.baseUrl, "/api/v1/projects", key, padded({ name: "Chunked at limit", base_url: "https://limit.test" }, MB));
    expect(chunked.status).toBe(201);

    const over = padded({ name: "Over", base_url: "https://limit.test" }, MB + 1);
    expect((await client.request("POST", "/api/v1/projects", undefined, { raw: over })).status).toBe(413);
    expect((await postChunked(api.baseUrl, "/api/v1/projects", key, over)).status).toBe(413);

    // Just under the limit and invalid: an ordinary validation error.
    const invalid = padded({ name: "", base_url: "not a url" }, MB - 10);
    const res = await client.request("POST", "/api/v1/projects", undefined, { raw: invalid });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect((await projectNames(client)).sort()).toEqual(["At limit", "Chunked at limit"]);
  });

  it("the OpenAPI document lists 413 on every operation that takes a body", async () => {
    const { api } = env();
    const doc = (await api.get("/api/v1/openapi.json")).body as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody)
        .map(([method, op]) => ({ op: `${method.toUpperCase()} ${path}`, has413: "413" in op.responses })),
    );
    expect(withBody.length).toBeGreaterThan(5);
    expect(withBody.filter((o) => !o.has413).map((o) => o.op)).toEqual([]);
  });
});
