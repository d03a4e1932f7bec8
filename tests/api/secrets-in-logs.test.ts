// Credentials never reach the server log: every console line and every write to stdout/stderr made
// while requests carry API keys, session cookies, the admin token, the cron secret and agents' result
// tokens — right and wrong ones — and while handlers fail with errors that quote them, is searched
// for each secret.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { errorResponse } from "@/lib/http/respond";
import { ADMIN_TOKEN } from "../helpers/client";
import { signIn, signUp } from "../helpers/people";
import { describeApi } from "./setup";

const WEBHOOK_SECRET = "webhook-secret-never-logged-0123456789";
const CRON_SECRET = "cron-secret-never-logged-0123456789";

/** Everything written to the console or the process's streams until `stop()`. */
function captureOutput() {
  const lines: string[] = [];
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    }),
  );
  const streams = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => (stream.write = write);
  });
  return {
    text: () => lines.join("\n"),
    stop: () => {
      spies.forEach((s) => s.mockRestore());
      streams.forEach((restore) => restore());
    },
  };
}

function restore(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describeApi("secrets never logged", (env) => {
  const saved = { webhook: process.env.AGENT_WEBHOOK_SECRET, cron: process.env.CRON_SECRET };
  beforeAll(() => {
    process.env.AGENT_WEBHOOK_SECRET = WEBHOOK_SECRET;
    process.env.CRON_SECRET = CRON_SECRET;
    process.env.BETTER_AUTH_URL = env().api.baseUrl;
  });
  afterAll(() => {
    restore("AGENT_WEBHOOK_SECRET", saved.webhook);
    restore("CRON_SECRET", saved.cron);
  });

  it("no API key, session token, admin token, cron secret, webhook secret or result token appears in the log", async () => {
    const { api, db } = env();
    const { client, key } = await api.tenant();
    const second = await client.post("/api/v1/api-keys", { name: "to revoke" });
    expect(second.status).toBe(201);
    const revokedKey: string = second.body.key;
    const wrongKey = key.slice(0, -6) + "XXXXXX";
    const resultToken = `rota_agent_${"Q".repeat(43)}`;
    const email = `logs-${crypto.randomUUID()}@example.com`;

    const out = captureOutput();
    try {
      const person = await signUp(api.baseUrl, email);
      const sessionToken = decodeURIComponent(/session_token=([^;]+)/.exec(person.cookie)![1]!);
      expect((await signIn(api.baseUrl, email, "the wrong password")).status).toBe(401);
      expect((await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: person.cookie } })).status).toBe(200);

      expect((await client.get("/api/v1/projects")).status).toBe(200);
      expect((await client.del(`/api/v1/api-keys/${second.body.id}`)).status).toBe(204);
      expect((await client.as(revokedKey).get("/api/v1/projects")).status).toBe(401);
      expect((await client.as(wrongKey).get("/api/v1/projects")).status).toBe(401);
      expect((await api.as(`${ADMIN_TOKEN}x`).post("/api/admin/tenants", { name: "x" })).status).toBe(401);
      expect((await api.as(`${CRON_SECRET}x`).get("/api/cron/tick")).status).toBe(401);
      const project = await client.project();
      const agentReport = await api.request("POST", `/api/v1/agents/${project.id}/result`, { status: "passed" }, { headers: { authorization: `Bearer ${resultToken}` } });
      expect(agentReport.status).toBeGreaterThanOrEqual(400);

      // A handler failing on an error that quotes secrets, and a driver error quoting a parameter.
      const quoted = new Error(`boom ${key} ${WEBHOOK_SECRET} better-auth.session_token=${sessionToken} Bearer ${CRON_SECRET}`);
      expect(errorResponse(quoted).status).toBe(500);
      const driverError = await db.db.execute(sql`select ${key}::int`).then(() => null, (err: unknown) => err);
      expect(driverError).toBeInstanceOf(Error);
      expect(errorResponse(driverError).status).toBe(500);

      // The database failing while a session is looked up: better-auth's query quotes the token.
      await db.db.execute(sql`alter table sessions rename column token to token_gone`);
      try {
        const failed = await api.request("GET", "/api/v1/projects", undefined, { headers: { cookie: person.cookie }, unchecked: "the database is broken on purpose" });
        expect(failed.status).toBeGreaterThanOrEqual(400);
      } finally {
        await db.db.execute(sql`alter table sessions rename column token_gone to token`);
      }

      const logged = out.text();
      // The capture works: the failures above were logged (redacted).
      expect(logged).toContain("unhandled_error");
      for (const [name, secret] of Object.entries({
        key,
        revokedKey,
        wrongKey,
        sessionToken,
        sessionTokenId: sessionToken.split(".")[0]!,
        ADMIN_TOKEN,
        CRON_SECRET,
        WEBHOOK_SECRET,
        resultToken,
      })) {
        expect(logged.includes(secret), `${name} appears in the log`).toBe(false);
      }
    } finally {
      out.stop();
    }
  });
});
