// The published contract (GET /api/v1/openapi.json, OpenAPI 3.1 generated from the same zod schemas,
// no auth): it documents every route file that exists — so a new route must be documented —
// documents nothing that does not exist, is a valid OpenAPI 3.1 document per `redocly lint`, and
// every `pattern` in it accepts the values it is meant to accept.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { Uuid } from "@/lib/validation";
import { describeApi } from "./setup";

const ROOT = process.cwd();
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

type RouteFile = { file: string; apiPath: string; methods: string[] };

/** Every route.ts under `dir`, as its URL path (`[id]` → `{id}`) and the HTTP methods it exports. */
async function routeFiles(dir: string): Promise<RouteFile[]> {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" || entry.name === "route.js") found.push(full);
    }
  };
  walk(path.join(ROOT, dir));
  const routes: RouteFile[] = [];
  for (const file of found.sort()) {
    const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
    const apiPath =
      "/" +
      rel
        .filter((seg) => !/^\(.*\)$/.test(seg)) // route groups do not appear in URLs
        .map((seg) => seg.replace(/^\[(.+)\]$/, "{$1}"))
        .join("/");
    const mod = (await import(file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
    routes.push({ file: path.relative(ROOT, file), apiPath, methods });
  }
  return routes;
}

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown>; parameters?: { in: string; name: string }[]; requestBody?: unknown };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: { securitySchemes?: Record<string, unknown> } };

function documentedOps(doc: Doc): string[] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.keys(item)
      .filter((k) => (HTTP_METHODS as readonly string[]).includes(k.toUpperCase()))
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
}

function runRedocly(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/redocly"), ["lint", file, "--format=json"], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Keywords whose values are data, not schemas: a `pattern` key inside them is not a keyword. */
const DATA_KEYWORDS = new Set(["example", "examples", "default", "const", "enum"]);

type PatternSite = { at: string; pattern: string; schema: Record<string, unknown> };

/** Every JSON Schema `pattern` keyword in the document, with the schema object that carries it. */
function patternsOf(node: unknown, at = "#"): PatternSite[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => patternsOf(v, `${at}/${i}`));
  if (!node || typeof node !== "object") return [];
  const obj = node as Record<string, unknown>;
  const own: PatternSite[] = typeof obj.pattern === "string" ? [{ at, pattern: obj.pattern, schema: obj }] : [];
  return own.concat(
    Object.entries(obj)
      .filter(([k]) => !DATA_KEYWORDS.has(k))
      .flatMap(([k, v]) => patternsOf(v, `${at}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`)),
  );
}

/** Values a `format` is known to accept, so a pattern beside it must accept them too. */
const KNOWN_GOOD: Record<string, string[]> = {
  uuid: ["0f8fad5b-d9cb-469f-a165-70867728950e", "0F8FAD5B-D9CB-469F-A165-70867728950E", "00000000-0000-0000-0000-000000000000"],
};

describeApi("OpenAPI document", (env) => {
  async function fetchDoc(): Promise<Doc> {
    const res = await env().api.get("/api/v1/openapi.json"); // no key
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    return res.body as Doc;
  }

  it("is served without auth as OpenAPI 3.1, identically with a key", async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
    const { client } = await env().api.tenant();
    const withKey = await client.get("/api/v1/openapi.json");
    expect(withKey.status).toBe(200);
    expect(withKey.body).toEqual(doc);
    // A bad key does not matter either: the document is public.
    expect((await env().api.as("garbage").get("/api/v1/openapi.json")).status).toBe(200);
  });

  it("documents every route file and method under app/api/v1, app/api/admin and app/api/health, and nothing else", async () => {
    const doc = await fetchDoc();
    const routes = [...(await routeFiles("app/api/v1")), ...(await routeFiles("app/api/admin")), ...(await routeFiles("app/api/health"))];
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes.map((r) => r.apiPath)).toContain("/api/v1/schedules/{id}/items/{itemId}");
    const expected = routes.flatMap((r) => {
      expect(r.methods.length, `${r.file} exports no HTTP method`).toBeGreaterThan(0);
      return r.methods.map((m) => `${m} ${r.apiPath}`);
    });
    const documented = documentedOps(doc);
    const undocumented = expected.filter((op) => !documented.includes(op));
    expect(undocumented, "route handlers missing from lib/openapi/document.ts").toEqual([]);
    const phantom = documented.filter((op) => !expected.includes(op));
    expect(phantom, "documented operations without a route handler").toEqual([]);
  });

  it("declares auth, path parameters and error responses consistently", async () => {
    const doc = await fetchDoc();
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    for (const [p, item] of Object.entries(doc.paths)) {
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        const label = `${method.toUpperCase()} ${p}`;
        const security = op.security ?? [];
        if (p === "/api/v1/openapi.json" || p === "/api/health") {
          expect(security, label).toEqual([]); // public
        } else {
          expect(security.length, `${label} must declare its auth`).toBeGreaterThan(0);
          for (const req of security) for (const name of Object.keys(req)) expect(schemes, label).toContain(name);
          expect(Object.keys(op.responses), `${label} must document 401`).toContain("401");
        }
        const declared = (op.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name);
        expect(declared.sort(), `${label} path parameters`).toEqual([...pathParams].sort());
        if (pathParams.length > 0 && !p.startsWith("/api/admin")) {
          expect(Object.keys(op.responses), `${label} must document 404`).toContain("404");
        }
        if (op.requestBody) expect(Object.keys(op.responses), `${label} must document 400`).toContain("400");
      }
    }
    // A project with schedules cannot be deleted (README).
    expect(Object.keys(doc.paths["/api/v1/projects/{id}"]!.delete!.responses)).toContain("409");
  });

  // A pattern is copied from a zod regex's source, and JSON Schema patterns have no flags: a regex
  // with `/i` once published "…$/i", which no UUID matches, and every response failed validation in
  // clients that check them. `redocly lint` does not notice, so every pattern is compiled the way
  // JSON Schema validators do (a JS RegExp with the `u` flag) and tried against the values it must
  // accept: its documented examples and known-good values of its format. A pattern with neither
  // cannot be checked, so it must get an example.
  it("has patterns that compile as unicode regexes and accept their examples and known-good values", async () => {
    const doc = await fetchDoc();
    const sites = patternsOf(doc);
    expect(sites.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { at, pattern, schema } of sites) {
      let re: RegExp;
      try {
        re = new RegExp(pattern, "u");
      } catch (err) {
        problems.push(`${at}: ${JSON.stringify(pattern)} does not compile: ${(err as Error).message}`);
        continue;
      }
      const examples = [
        ...("example" in schema ? [schema.example] : []),
        ...(Array.isArray(schema.examples) ? schema.examples : []),
      ];
      const good = [...examples, ...(KNOWN_GOOD[String(schema.format)] ?? [])];
      if (good.length === 0) problems.push(`${at}: ${JSON.stringify(pattern)} has no example and no known format to check it with`);
      for (const value of good) {
        if (typeof value !== "string" || !re.test(value)) {
          problems.push(`${at}: ${JSON.stringify(pattern)} rejects ${JSON.stringify(value)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("publishes a UUID pattern that accepts what the API accepts", async () => {
    const doc = await fetchDoc();
    const uuidPatterns = new Set(patternsOf(doc).filter((s) => s.schema.format === "uuid").map((s) => s.pattern));
    expect(uuidPatterns.size).toBe(1);
    const re = new RegExp([...uuidPatterns][0]!, "u");
    const samples = [...KNOWN_GOOD.uuid!, "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5b-d9cb-469f-a165-70867728950e0", "0f8fad5bd9cb469fa16570867728950e", "g f8fad5b-d9cb-469f-a165-70867728950e", ""];
    for (const s of samples) expect(re.test(s), s).toBe(Uuid.safeParse(s).success);
  });

  it("passes `redocly lint` with no errors", async () => {
    const doc = await fetchDoc();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rota-openapi-"));
    try {
      const file = path.join(dir, "openapi.json");
      fs.writeFileSync(file, JSON.stringify(doc, null, 2));
      const { code, stdout, stderr } = await runRedocly(file);
      const start = stdout.indexOf("{");
      expect(start, `no JSON from redocly: ${stdout}\n${stderr}`).toBeGreaterThanOrEqual(0);
      const report = JSON.parse(stdout.slice(start)) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
      };
      const describe = (p: (typeof report.problems)[number]) =>
        `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.map((l) => l.pointer).join(", ")}`;
      const warnings = report.problems.filter((p) => p.severity !== "error");
      if (warnings.length > 0) console.warn(`redocly lint: ${warnings.length} warning(s)\n${warnings.map(describe).join("\n")}`);
      const errors = report.problems.filter((p) => p.severity === "error");
      expect(errors.map(describe)).toEqual([]);
      expect(report.totals.errors).toBe(0);
      expect(code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
