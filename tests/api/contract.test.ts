// The response check every API test runs (tests/helpers/contract.ts) must itself catch drift: an
// undocumented status, a body of the wrong shape or type, an undocumented field, a wrong content
// type. Checked on the real document with made-up responses, then end to end through ApiClient
// against a small server that serves the real document and answers off-contract.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { ApiClient } from "../helpers/client";
import { Contract, type OpenApiDocument } from "../helpers/contract";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const JSON_TYPE = { "content-type": "application/json" };

/** The document exactly as GET /api/v1/openapi.json serves it. */
const served = (): OpenApiDocument => JSON.parse(JSON.stringify(buildOpenApiDocument())) as OpenApiDocument;

const project = {
  id: ID,
  name: "Shop",
  base_url: "https://shop.test",
  created_at: "2026-11-25T10:00:00.000Z",
  updated_at: "2026-11-25T10:00:00.000Z",
};

function check(contract: Contract, method: string, path: string, status: number, body?: unknown, headers: Record<string, string> = JSON_TYPE) {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  return contract.check({ method, path, status, headers: new Headers(headers), text });
}

describe("the contract check", () => {
  const contract = new Contract(served());

  it("accepts responses the document describes", () => {
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, project)).toEqual([]);
    expect(check(contract, "GET", `/api/v1/projects/${ID.toUpperCase()}`, 200, { ...project, id: ID.toUpperCase() })).toEqual([]);
    expect(check(contract, "GET", "/api/v1/projects?limit=1", 200, { data: [project], next_cursor: null })).toEqual([]);
    expect(check(contract, "DELETE", `/api/v1/projects/${ID}`, 204, undefined, {})).toEqual([]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 404, { error: { code: "not_found", message: "Not found" } })).toEqual([]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, project, { "content-type": "application/json; charset=utf-8" })).toEqual([]);
  });

  it("rejects an undocumented status", () => {
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 418, { error: { code: "teapot", message: "no" } })).toEqual([
      expect.stringContaining("status 418 is not documented for GET /api/v1/projects/{id}"),
    ]);
    expect(check(contract, "DELETE", `/api/v1/projects/${ID}`, 200, project)).toEqual([expect.stringContaining("status 200 is not documented")]);
  });

  it("rejects a body of the wrong type, a missing field, an undocumented field and a non-UUID id", () => {
    const wrongType = check(contract, "GET", `/api/v1/projects/${ID}`, 200, { ...project, name: 5 });
    expect(wrongType).toEqual([expect.stringMatching(/body does not match the schema: \/name must be string/)]);
    const { base_url: _, ...missing } = project;
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, missing)).toEqual([expect.stringContaining("must have required property 'base_url'")]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, { ...project, secret: "x" })).toEqual([
      expect.stringContaining("must NOT have unevaluated properties"),
    ]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, { ...project, id: "42" })).toEqual([expect.stringContaining("/id must match format \"uuid\"")]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, { ...project, created_at: "yesterday" })).toEqual([
      expect.stringContaining("/created_at must match format \"date-time\""),
    ]);
    const error = check(contract, "POST", "/api/v1/projects", 400, { error: { code: "validation_error" } });
    expect(error).toEqual([expect.stringContaining("must have required property 'message'")]);
  });

  it("rejects a wrong or missing content type, a body where none is documented, and a body that is not JSON", () => {
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, project, { "content-type": "text/html" })).toEqual([
      expect.stringContaining("content-type text/html is not documented"),
    ]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, project, {})).toEqual([expect.stringContaining("content-type is missing")]);
    expect(check(contract, "DELETE", `/api/v1/projects/${ID}`, 204, "{}")).toEqual([expect.stringContaining("documents no body")]);
    expect(check(contract, "GET", `/api/v1/projects/${ID}`, 200, "<html>")).toEqual([expect.stringContaining("the body is not JSON")]);
  });

  it("rejects undocumented paths and methods, and leaves the cron route (outside the document) alone", () => {
    expect(check(contract, "GET", "/api/v1/nope", 404, { error: { code: "not_found", message: "x" } })).toEqual([
      expect.stringContaining("no path of the document matches /api/v1/nope"),
    ]);
    expect(check(contract, "PUT", `/api/v1/projects/${ID}`, 405, undefined, {})).toEqual([expect.stringContaining("PUT /api/v1/projects/{id} is not documented")]);
    // A concrete path wins over a template, as in the router: PATCH …/items/order is not the item PATCH.
    expect(check(contract, "PATCH", `/api/v1/schedules/${ID}/items/order`, 405, undefined, {})).toEqual([
      expect.stringContaining("PATCH /api/v1/schedules/{id}/items/order is not documented"),
    ]);
    expect(check(contract, "GET", "/api/cron/tick", 200, { anything: true })).toEqual([]);
  });

  it("would have caught the UUID pattern that carried the regex's /i flag", () => {
    const doc = served() as OpenApiDocument & { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };
    doc.components.schemas.Project!.properties.id!.pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i";
    expect(check(new Contract(doc), "GET", `/api/v1/projects/${ID}`, 200, project)).toEqual([expect.stringContaining("/id must match pattern")]);
  });
});

describe("ApiClient against a server that drifts from its document", () => {
  let server: http.Server;
  let client: ApiClient;
  beforeAll(async () => {
    const doc = JSON.stringify(buildOpenApiDocument());
    server = http.createServer((req, res) => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, body === undefined ? {} : JSON_TYPE).end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (req.url === "/api/v1/openapi.json") return void res.writeHead(200, JSON_TYPE).end(doc);
      if (req.url === "/api/v1/budget") {
        return send(200, { daily_agent_budget: "ten", used_today: 0, remaining: 10, resets_at: "2026-11-26T00:00:00.000Z", timezone: "UTC" });
      }
      if (req.url === "/api/v1/projects") return send(418, { error: { code: "teapot", message: "short and stout" } });
      if (req.url === "/api/v1/api-keys") return send(200, { data: [], next_cursor: null });
      send(404, { error: { code: "not_found", message: "no" } });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    client = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "key");
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("fails the request that meets a body of the wrong type, naming method, path, status and the error", async () => {
    const err = await client.get("/api/v1/budget").then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain("GET /api/v1/budget → 200: the response does not conform to the OpenAPI document");
    expect(err?.message).toContain("/daily_agent_budget must be integer");
  });

  it("fails the request that meets an undocumented status", async () => {
    await expect(client.post("/api/v1/projects", { name: "x", base_url: "https://x.test" })).rejects.toThrow(
      /POST \/api\/v1\/projects → 418: [^]*status 418 is not documented/,
    );
  });

  it("passes a conforming response, and skips the check only when told why", async () => {
    expect((await client.get("/api/v1/api-keys")).status).toBe(200);
    expect((await client.request("GET", "/api/v1/budget", undefined, { unchecked: "this test checks the opt-out" })).status).toBe(200);
  });
});
