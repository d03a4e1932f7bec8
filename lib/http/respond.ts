import { ZodError } from "zod";
import { connectionFault } from "@/lib/db/faults";
import { AppError, unavailable } from "@/lib/errors";
import { errorMessage, logEvent, redact } from "@/lib/log";

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function errorResponse(err: unknown): Response {
  // The database unreachable (down, restarting, the pool unable to connect): 503 and when to retry,
  // never a 500; the next request reconnects by itself.
  const fault = err instanceof AppError ? null : connectionFault(err);
  if (fault !== null) {
    logEvent("error", "database_unavailable", { code: fault });
    return errorResponse(unavailable());
  }
  if (err instanceof AppError) {
    const error: Record<string, unknown> = { code: err.code, message: err.message };
    if (err.issues) error.issues = err.issues;
    if (err.retryAfterSeconds !== undefined) error.retry_after_seconds = err.retryAfterSeconds;
    const res = json({ error }, err.status);
    if (err.retryAfterSeconds !== undefined) res.headers.set("retry-after", String(err.retryAfterSeconds));
    return res;
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message }));
    return json({ error: { code: "validation_error", message: "Invalid request", issues } }, 400);
  }
  // Never leak internals to a client; the server log keeps the detail, redacted (a driver's error
  // can quote a query's parameters or a connection string).
  const stack = err instanceof Error && err.stack ? redact(err.stack.split("\n").slice(1, 6).join(" | ")) : null;
  logEvent("error", "unhandled_error", { message: errorMessage(err), stack });
  return json({ error: { code: "internal_error", message: "Internal server error" } }, 500);
}
