// The web UI's callers: people signed in with better-auth call the same /api/v1 routes with their
// session cookie. Sign-up makes a tenant of one's own; writes from another origin are refused.
import { beforeEach, expect, it } from "vitest";
import { createPeopleAuth, seedPerson, workspaceName } from "@/lib/auth/people";
import { parseEnv } from "@/lib/env";
import { cookieOf, type Session, signIn, signUp } from "../helpers/people";
import { describeApi } from "./setup";

describeApi("sessions (web UI callers)", (env) => {
  // Rota's origin is the test server's: the only Origin a cookie-authenticated write may carry.
  // Read when the database's auth instance is made, on its first request.
  beforeEach(() => {
    process.env.BETTER_AUTH_URL = env().api.baseUrl;
  });

  it("sign-up creates a tenant of one's own; its session reads and writes that tenant only", async () => {
    const { api } = env();
    const alice = await signUp(api.baseUrl, `alice-${crypto.randomUUID()}@example.com`);
    const bob = await signUp(api.baseUrl, `bob-${crypto.randomUUID()}@example.com`);
    const headers = (s: Session) => ({ cookie: s.cookie, origin: s.origin });

    const created = await api.request("POST", "/api/v1/projects", { name: "Alice's shop", base_url: "https://a.test" }, { headers: headers(alice) });
    expect(created.status).toBe(201);
    const mine = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: alice.cookie } });
    expect(mine.body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);

    const theirs = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: bob.cookie } });
    expect(theirs.body.data).toEqual([]);
    const guessed = await api.request("GET", `/api/v1/projects/${created.body.id}`, undefined, { headers: { cookie: bob.cookie } });
    expect(guessed.status).toBe(404);
    const write = await api.request("PATCH", `/api/v1/projects/${created.body.id}`, { name: "Bob's now" }, { headers: headers(bob) });
    expect(write.status).toBe(404);
    const after = await api.request("GET", `/api/v1/projects/${created.body.id}`, undefined, { headers: { cookie: alice.cookie } });
    expect(after.body.name).toBe("Alice's shop");
  });

  it("refuses a cookie-authenticated write from another origin and changes nothing", async () => {
    const { api } = env();
    const s = await signUp(api.baseUrl, `carol-${crypto.randomUUID()}@example.com`);
    const body = { name: "Evil", base_url: "https://evil.test" };
    const cross = await api.request("POST", "/api/v1/projects", body, { headers: { cookie: s.cookie, origin: "https://evil.test" } });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe("forbidden");
    const crossSite = await api.request("POST", "/api/v1/projects", body, { headers: { cookie: s.cookie, "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const list = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: s.cookie } });
    expect(list.body.data).toEqual([]);
  });

  it("an API key caller with unrelated cookies is still an API key caller", async () => {
    const { api } = env();
    const { key } = await api.tenant();
    const res = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: "lb=sticky-1; theme=dark" } });
    expect(res.status).toBe(401);
    const withKey = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: "lb=sticky-1", authorization: `Bearer ${key}` } });
    expect(withKey.status).toBe(200);
  });

  it("no session, an unknown cookie or a signed-out session is a 401; a bad API key beats a good cookie", async () => {
    const { api } = env();
    const s = await signUp(api.baseUrl, `dave-${crypto.randomUUID()}@example.com`);
    expect((await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: "better-auth.session_token=nope" } })).status).toBe(401);
    const badKey = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: s.cookie, authorization: "Bearer nope" } });
    expect(badKey.status).toBe(401);
    const out = await fetch(`${api.baseUrl}/api/auth/sign-out`, { method: "POST", headers: { cookie: s.cookie, origin: api.baseUrl } });
    expect(out.status).toBe(200);
    expect((await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it("a person seeded into an existing tenant signs in with better-auth's hashing and sees that tenant", async () => {
    const { api, db } = env();
    const { client, tenant } = await api.tenant();
    const project = await client.project({ name: "Seeded" });
    const email = `erin-${crypto.randomUUID()}@example.com`;
    await seedPerson(db.db, { tenantId: tenant.id, email, name: "Erin", password: "a long password" }, new Date());
    expect((await signIn(api.baseUrl, email, "wrong password!")).status).toBe(401);
    const res = await signIn(api.baseUrl, email, "a long password");
    expect(res.status).toBe(200);
    const list = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: cookieOf(res) } });
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
  });
});

it("sign-up is closed unless SIGN_UP=on, and a workspace's name is cleaned", async () => {
  const config = parseEnv({ BETTER_AUTH_URL: "http://localhost:3000" });
  expect(config.SIGN_UP).toBe("off");
  // The instance is never given a database call: the closed door answers before any query.
  const auth = createPeopleAuth({} as never, config);
  await expect(
    auth.api.signUpEmail({ body: { email: "x@example.com", password: "long enough password", name: "X" } }),
  ).rejects.toThrow(/sign ?up/i);
  expect(workspaceName("Ada\u0000\u0007 ")).toBe("Ada's workspace");
  expect(workspaceName("   ")).toBe("My workspace");
  expect(workspaceName("x".repeat(500)).length).toBe(80 + "'s workspace".length);
});
