// How one operation goes into the OpenAPI registry: its success response, its error responses (all
// in the one error envelope), its auth and a derived operationId. Kept apart from document.ts so that
// modules registering paths never import the document they are part of.
import type { OpenAPIRegistry, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })).optional(),
      retry_after_seconds: z
        .int()
        .min(0)
        .optional()
        .meta({ description: "429 and 503: seconds to wait before trying again (also the Retry-After header)" }),
    }),
  })
  .meta({ id: "Error" });

const STATUS_TEXT: Record<number, string> = {
  400: "Validation error",
  401: "Missing, malformed, unknown or revoked API key (or no signed-in session)",
  403: "A signed-in session's write from another origin (cross-site request refused)",
  404: "Not found (or another tenant's)",
  409: "Conflict",
  413: "Request body over 1 MB",
  415: "Request body not declared as JSON (Content-Type must be application/json)",
  429: "Too many requests: try again after the Retry-After header's seconds",
  503: "The database is unavailable (down or restarting): try again after the Retry-After header's seconds",
};

const RETRY_AFTER = {
  description: "Seconds until the request may be made again",
  schema: { type: "integer" as const, minimum: 1 },
};

export type Op = {
  method: RouteConfig["method"];
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** `mediaType` for a body that is not JSON (a PNG); its `schema` then describes the bytes. */
  ok: { status: number; schema?: z.ZodType; description: string; mediaType?: string };
  errors: number[];
  /** The body limit when it is not the usual 1 MB (an agent's report carries a screenshot). */
  bodyLimit?: string;
  /** `agent`: the single-use token a webhook-run agent reports with (docs/agents.md). */
  auth?: "tenant" | "admin" | "agent" | "none";
};

const SCHEME = { tenant: "apiKey", admin: "adminToken", agent: "agentToken" } as const;
// The web UI calls the same routes with its session cookie instead of an API key.
const TENANT_SECURITY: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

export function registerOp(registry: OpenAPIRegistry, op: Op) {
  const responses: RouteConfig["responses"] = {
    [op.ok.status]: op.ok.schema
      ? { description: op.ok.description, content: { [op.ok.mediaType ?? "application/json"]: { schema: op.ok.schema } } }
      : { description: op.ok.description },
  };
  // Every JSON body is read under a 1 MB limit and must be declared JSON (lib/http/parse.ts): every
  // operation taking one can answer 413 and 415.
  let errors = op.body ? [...op.errors, ...[413, 415].filter((s) => !op.errors.includes(s))] : op.errors;
  const auth = op.auth ?? "tenant";
  // A write made with the web UI's session cookie from another origin is refused (lib/auth/session.ts).
  if (auth === "tenant" && op.method !== "get" && !errors.includes(403)) errors = [...errors, 403];
  // Every key (every signed-in person) has a request budget per minute (lib/http/handler.ts).
  if (auth === "tenant" && !errors.includes(429)) errors = [...errors, 429];
  // Every operation that reads the database answers 503 when it cannot be reached (lib/http/respond.ts).
  if (auth !== "none" && !errors.includes(503)) errors = [...errors, 503];
  const text: Record<number, string> = { ...STATUS_TEXT };
  if (auth === "agent") text[401] = "Missing, unknown or already used result token";
  if (op.bodyLimit) text[413] = `Request body over ${op.bodyLimit}`;
  for (const status of errors) {
    responses[status] = { description: text[status] ?? "Error", content: { "application/json": { schema: ErrorBody } } };
    if (status === 429 || status === 503) responses[status].headers = { "Retry-After": RETRY_AFTER };
  }
  registry.registerPath({
    method: op.method,
    path: op.path,
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [op.tag],
    security: auth === "none" ? [] : auth === "tenant" ? TENANT_SECURITY : [{ [SCHEME[auth]]: [] }],
    request: {
      params: op.params,
      query: op.query,
      body: op.body ? { required: true, content: { "application/json": { schema: op.body } } } : undefined,
    },
    responses,
  });
}
