// The database unreachable, behind the real route handlers: every caller (API key, session cookie,
// admin token, cron secret) gets `503 unavailable` with Retry-After (header and envelope), never a
// 500, and the same server answers again once the database is back, with no restart of the app.
// The database is a PostgreSQL server of this file's own (tests/helpers/pg-cluster.ts), stopped and
// started here; responses are checked against the served OpenAPI document like every API test's.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, setDb, type DbHandle } from "@/lib/db";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/lib/errors";
import { ADMIN_TOKEN, ApiClient, type ApiResponse } from "../helpers/client";
import { createPgCluster, type PgCluster } from "../helpers/pg-cluster";
import { startTestServer, type TestServer } from "../helpers/server";

/** Well-formed, but no such key: only the database can tell. */
const UNKNOWN_KEY = `rota_000000000000_${"x".repeat(43)}`;

function expectUnavailable(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(503);
  expect(res.body).toEqual({
    error: { code: "unavailable", message: expect.any(String), retry_after_seconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
  });
  expect(res.headers.get("retry-after"), what).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
}

async function signUp(baseUrl: string): Promise<string> {
  const email = `ada-${crypto.randomUUID()}@example.com`;
  const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password: "correct horse battery", name: "Ada" }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

// vitest.config.ts runs this file only when TEST_DATABASE_URL is set (PostgreSQL is installed).
describe("database unreachable → 503 [pg, own server]", () => {
  let cluster: PgCluster;
  let handle: DbHandle;
  let server: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    cluster = await createPgCluster();
    handle = await openDb({ url: cluster.url, driver: "pg", connectTimeoutMs: 2_000 });
    await handle.migrate();
    server = await startTestServer(handle);
    api = new ApiClient(server.url);
    process.env.BETTER_AUTH_URL = server.url;
    process.env.CRON_SECRET = "cron-s3cret";
  });
  afterAll(async () => {
    delete process.env.CRON_SECRET;
    delete process.env.BETTER_AUTH_URL;
    await server?.close();
    await handle?.close();
    await cluster?.destroy();
  });

  it("down: API key, session cookie, admin and cron callers all get 503 with Retry-After; up again: the same server answers", async () => {
    const { client } = await api.tenant();
    const project = await client.project();
    const schedule = await client.schedule(project.id);
    const cookie = await signUp(server.url);
    const asPerson = { headers: { cookie } };
    const admin = api.as(ADMIN_TOKEN);
    const cron = () => api.request("GET", "/api/cron/tick", undefined, { headers: { authorization: "Bearer cron-s3cret" } });

    const calls: [string, () => Promise<ApiResponse>][] = [
      ["list with an API key", () => client.get("/api/v1/projects")],
      ["write with an API key", () => client.post("/api/v1/projects", { name: "Another", base_url: "https://b.test" })],
      ["manual trigger", () => client.post(`/api/v1/schedules/${schedule.id}/trigger`)],
      ["list with a session cookie", () => api.request("GET", "/api/v1/schedules", undefined, asPerson)],
      ["admin", () => admin.get("/api/admin/tenants")],
      ["cron pass", cron],
    ];
    for (const [what, call] of calls) expect((await call()).status, what).toBeLessThan(300);

    await cluster.stop();
    for (const [what, call] of calls) expectUnavailable(await call(), what);
    // An unknown API key cannot be told from a known one without the database: 503 too, not 401.
    expectUnavailable(await api.as(UNKNOWN_KEY).get("/api/v1/projects"), "unknown key");
    // better-auth's own endpoints (the sign-in page's): the same 503, not better-auth's 500.
    const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: "ada@example.com", password: "correct horse battery" }),
    });
    expect(signIn.status).toBe(503);
    expect(signIn.headers.get("retry-after")).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    expect((await signIn.json()).error).toMatchObject({ code: "unavailable", retry_after_seconds: UNAVAILABLE_RETRY_AFTER_SECONDS });
    // The document itself needs no database.
    expect((await api.get("/api/v1/openapi.json")).status).toBe(200);

    await cluster.start();
    for (const [what, call] of calls) expect((await call()).status, `${what}, after the restart`).toBeLessThan(300);
    const runs = await client.get(`/api/v1/schedules/${schedule.id}/runs`);
    expect(runs.body.data).toHaveLength(2); // the two triggers made while it was up, none while it was down
  });

  it("a database that accepts the connection and never answers: 503 after the connect timeout, not a hang", async () => {
    // A listener that takes the TCP connection and says nothing, as a blackholed host would.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => void sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const mute = await openDb({ url: `postgres://postgres@127.0.0.1:${port}/rota`, driver: "pg", connectTimeoutMs: 300 });
    setDb(mute); // the route handlers' database, for this test
    try {
      expectUnavailable(await api.as(UNKNOWN_KEY).get("/api/v1/projects"), "silent database");
      expect(sockets.size).toBeGreaterThan(0); // it did connect, and gave up waiting
    } finally {
      setDb(handle);
      await mute.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
