// Request limits through the real route handlers: per API key and per signed-in person on /api/v1,
// per client IP and per email on sign-in. The limiter counts in fixed windows of the process clock,
// so the clock (Date) is faked here and moved past a window instead of waiting for one.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { seedPerson } from "@/lib/auth/people";
import { signIn, signUp } from "../helpers/people";
import { describeApi } from "./setup";

const LIMIT_VARS = ["RATE_LIMIT_API_PER_MINUTE", "RATE_LIMIT_SIGN_IN_PER_IP", "RATE_LIMIT_SIGN_IN_PER_EMAIL"] as const;

function setLimits(limits: Partial<Record<(typeof LIMIT_VARS)[number], number>>) {
  for (const name of LIMIT_VARS) process.env[name] = String(limits[name] ?? 0);
}

/** The clock stands still in these tests, so a window's first request leaves exactly its length to wait. */
function expectRetryAfter(res: { headers: Headers }, seconds: number) {
  expect(res.headers.get("retry-after")).toBe(String(seconds));
}

describeApi("rate limits", (env) => {
  // The limiter's counts live in this process, shared by both drivers' runs of these tests: each run
  // signs in from addresses of its own.
  const ip = (host: string) => `${env().kind === "pglite" ? "10.1" : "10.2"}.${host}`;
  const saved = Object.fromEntries(LIMIT_VARS.map((n) => [n, process.env[n]]));
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-05T12:00:00Z") });
    process.env.BETTER_AUTH_URL = env().api.baseUrl;
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const name of LIMIT_VARS) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("an API key gets its requests a minute, then 429 with Retry-After; the refused write changes nothing; other keys and the next minute go on", async () => {
    const { api } = env();
    const { client } = await api.tenant();
    setLimits({ RATE_LIMIT_API_PER_MINUTE: 5 });
    const other = await client.post("/api/v1/api-keys", { name: "second" }); // 1 of 5
    expect(other.status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await client.get("/api/v1/projects")).status).toBe(200); // 5 of 5

    const refused = await client.post("/api/v1/projects", { name: "Too many", base_url: "https://many.test" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expectRetryAfter(refused, 60);

    const second = client.as(other.body.key);
    const list = await second.get("/api/v1/projects");
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);

    vi.setSystemTime(new Date("2026-12-05T12:01:01Z"));
    expect((await client.get("/api/v1/projects")).status).toBe(200);
  });

  it("a signed-in person is limited the same way, per person", async () => {
    const { api } = env();
    setLimits({ RATE_LIMIT_API_PER_MINUTE: 3 });
    const person = await signUp(api.baseUrl, `rl-${crypto.randomUUID()}@example.com`);
    const get = () => api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: person.cookie } });
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, 60);
    const someoneElse = await signUp(api.baseUrl, `rl-${crypto.randomUUID()}@example.com`);
    expect((await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: someoneElse.cookie } })).status).toBe(200);
  });

  it("sign-in attempts are limited per client IP (the proxy's entry of X-Forwarded-For), right password or not", async () => {
    const { api, db } = env();
    const { tenant } = await api.tenant();
    const email = `ip-${crypto.randomUUID()}@example.com`;
    await seedPerson(db.db, { tenantId: tenant.id, email, name: "Ip", password: "the right password" }, new Date());
    setLimits({ RATE_LIMIT_SIGN_IN_PER_IP: 3 });
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (let i = 0; i < 3; i++) expect((await signIn(api.baseUrl, email, "wrong password", from(ip("0.7")))).status).toBe(401);

    const refused = await signIn(api.baseUrl, email, "the right password", from(ip("0.7")));
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, 900);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect(refused.headers.getSetCookie()).toEqual([]);
    // A forged first entry does not make a new client: the last entry is the one the proxy wrote.
    expect((await signIn(api.baseUrl, email, "the right password", from(`10.9.9.9, ${ip("0.7")}`))).status).toBe(429);

    expect((await signIn(api.baseUrl, email, "the right password", from(ip("0.8")))).status).toBe(200);
    vi.setSystemTime(new Date("2026-12-05T12:15:01Z"));
    expect((await signIn(api.baseUrl, email, "the right password", from(ip("0.7")))).status).toBe(200);
  });

  it("sign-in attempts are limited per email whatever the IP, so guesses spread over addresses still stop", async () => {
    const { api, db } = env();
    const { tenant } = await api.tenant();
    const email = `mail-${crypto.randomUUID()}@example.com`;
    await seedPerson(db.db, { tenantId: tenant.id, email, name: "Mail", password: "the right password" }, new Date());
    setLimits({ RATE_LIMIT_SIGN_IN_PER_EMAIL: 2 });
    expect((await signIn(api.baseUrl, email, "guess one!", { "x-forwarded-for": ip("1.1") })).status).toBe(401);
    expect((await signIn(api.baseUrl, email.toUpperCase(), "guess two!", { "x-forwarded-for": ip("1.2") })).status).toBe(401);
    const refused = await signIn(api.baseUrl, email, "the right password", { "x-forwarded-for": ip("1.3") });
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, 900);
    // Only JSON naming an email is an attempt: a form post (which better-auth would also read) and a
    // body without an email are refused before better-auth, so neither can slip past the count.
    const form = await fetch(`${api.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: api.baseUrl, "x-forwarded-for": ip("1.4") },
      body: new URLSearchParams({ email, password: "the right password" }).toString(),
    });
    expect(form.status).toBe(415);
    expect(form.headers.getSetCookie()).toEqual([]);
    const noEmail = await fetch(`${api.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: api.baseUrl, "x-forwarded-for": ip("1.4") },
      body: JSON.stringify({ username: email, password: "the right password" }),
    });
    expect(noEmail.status).toBe(400);
    // JSON that Rota's API would refuse (a NUL, deep nesting) still names its email and is counted.
    const odd = await fetch(`${api.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: api.baseUrl, "x-forwarded-for": ip("1.4") },
      body: `{"email":${JSON.stringify(email)},"password":"the right password","x":"\\u0000","deep":${"[".repeat(100)}${"]".repeat(100)}}`,
    });
    expect(odd.status).toBe(429);
    // Another account from the same addresses is not affected.
    expect((await signIn(api.baseUrl, `other-${crypto.randomUUID()}@example.com`, "whatever pass", { "x-forwarded-for": ip("1.3") })).status).toBe(401);
  });

  it("better-auth's other password checks (change-password, verify-password, …) are not served at all", async () => {
    const { api } = env();
    const person = await signUp(api.baseUrl, `pw-${crypto.randomUUID()}@example.com`);
    const headers = { "content-type": "application/json", origin: api.baseUrl, cookie: person.cookie };
    for (const path of ["change-password", "verify-password", "delete-user", "change-email", "update-user", "list-sessions", "sign-in/email/"]) {
      const res = await fetch(`${api.baseUrl}/api/auth/${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ currentPassword: "wrong guess!", newPassword: "another long one", password: "wrong guess!" }),
      });
      expect(res.status, path).toBe(404);
    }
    // What the UI uses still works.
    expect((await fetch(`${api.baseUrl}/api/auth/get-session`, { headers: { cookie: person.cookie } })).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/api/auth/sign-out`, { method: "POST", headers })).status).toBe(200);
  });

  it("sign-up attempts count against the IP's limit too", async () => {
    const { api } = env();
    setLimits({ RATE_LIMIT_SIGN_IN_PER_IP: 1 });
    const headers = { "content-type": "application/json", origin: api.baseUrl, "x-forwarded-for": ip("2.44") };
    const attempt = (email: string) =>
      fetch(`${api.baseUrl}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify({ email, password: "long enough password", name: "S" }) });
    expect((await attempt(`su-${crypto.randomUUID()}@example.com`)).status).toBe(200);
    const refused = await attempt(`su-${crypto.randomUUID()}@example.com`);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, 900);
  });
});
