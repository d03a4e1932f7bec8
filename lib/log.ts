// Operational log: one JSON line per event, so a log search can filter by event, schedule or code.
// Nothing here may carry a secret: messages pass through `redact` before they are written.
import { configuredSecrets } from "@/lib/env";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function logEvent(level: "info" | "warn" | "error", event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

const MAX_MESSAGE = 500;
// A configured secret shorter than this is not stripped by value (it would blank out ordinary words,
// such as a database password "postgres"); the patterns above still catch it in URLs and headers.
const MIN_SECRET_TO_STRIP = 12;

/**
 * An error for the log: redacted, and for a driver error wrapped by drizzle ("Failed query: <sql>"),
 * the driver's reason first, so that bounding the length keeps it.
 */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return redact(String(err));
  return redact(err.cause instanceof Error ? `${err.cause.message} (${err.message})` : err.message);
}

/**
 * Removes what could be a credential from a message: the user and password of a URL
 * (`postgres://user:pass@host`), bearer tokens, Rota API keys and agents' result tokens, session
 * cookies, and the configured secrets themselves (the webhook secret, the admin token…) wherever they
 * appear. Also bounds its length.
 */
export function redact(message: string): string {
  let cleaned = message
    // drizzle quotes a failed query's parameters ("Failed query: … params: a,b"): any may be a secret.
    .replace(/\bparams: [\s\S]*/g, "params: ***")
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1***@")
    .replace(/(bearer\s+)\S+/gi, "$1***")
    .replace(/rota_[a-z0-9]{12}_[A-Za-z0-9_-]+/g, "rota_***")
    .replace(/rota_agent_[A-Za-z0-9_-]+/g, "rota_agent_***")
    .replace(/(session_(?:token|data)=)[^;\s"]+/gi, "$1***");
  for (const secret of configuredSecrets().filter((v) => v.length >= MIN_SECRET_TO_STRIP)) cleaned = cleaned.split(secret).join("***");
  return cleaned.length > MAX_MESSAGE ? `${cleaned.slice(0, MAX_MESSAGE)}…` : cleaned;
}
