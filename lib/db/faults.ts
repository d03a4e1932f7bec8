// Faults of the database connection, told apart from faults of a query: "the database could not be
// reached, or dropped the connection" (a restart, a failover, a network cut, a full pool) is worth
// retrying later and says nothing about the request; the API answers it 503 (lib/http/respond.ts)
// and a cron pass leaves the slot due for the next pass (lib/tick/failure.ts).

/** Node's socket errors: nothing listening, the connection cut, the host not found or not routable. */
export const CONNECTION_NODE_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * SQLSTATEs of a connection that failed or was ended by the server: connection exceptions (class
 * 08), admin_shutdown / crash_shutdown / cannot_connect_now (57P01–57P03: a restart), and
 * too_many_connections (53300).
 */
const CONNECTION_SQLSTATE = /^08...$|^57P0[1-3]$|^53300$/;

/**
 * Drivers that report a lost or impossible connection without a code: pg's "Connection terminated
 * unexpectedly" and its pool's connect timeout ("timeout exceeded when trying to connect",
 * "Connection terminated due to connection timeout"), a client used after its connection ended,
 * PGlite once closed, a WebSocket (Neon) that could not open or closed.
 */
export const CONNECTION_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|connection error|Client has encountered a connection error|Client was closed and is not queryable|PGlite is closed|socket hang up|WebSocket (?:was )?closed|WebSocket connection/i;

/** The error and its causes (drizzle wraps the driver's error in `cause`), bounded. */
export function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  while (e !== undefined && e !== null && out.length < 8 && !out.includes(e)) {
    out.push(e);
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return out;
}

/** A `code` property (a SQLSTATE, or Node's `ECONNREFUSED`…), if the error has one. */
export function errorCode(e: unknown): string | null {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : null;
}

/**
 * Why the database could not be used, when the cause is the connection and not the query: a short
 * code for the log (`econnrefused`, `sqlstate_57P01`, `connection_lost`), or null for any other error.
 */
export function connectionFault(err: unknown): string | null {
  const chain = errorChain(err);
  const codes = chain.map(errorCode).filter((c): c is string => c !== null);
  const node = codes.find((c) => CONNECTION_NODE_CODES.has(c));
  if (node) return node.toLowerCase();
  const sqlState = codes.find((c) => /^[0-9A-Z]{5}$/.test(c) && CONNECTION_SQLSTATE.test(c));
  if (sqlState) return `sqlstate_${sqlState}`;
  // A query error with a SQLSTATE of its own is about the query, whatever its message says.
  if (codes.some((c) => /^[0-9A-Z]{5}$/.test(c))) return null;
  if (chain.some(saysConnectionLost)) return "connection_lost";
  return null;
}

/**
 * Whether an error's own message says the connection was lost. Drizzle's wrapper ("Failed query:
 * <sql> params: <values>") is not read: its text quotes the request's data.
 */
export function saysConnectionLost(e: unknown): boolean {
  return e instanceof Error && !e.message.startsWith("Failed query:") && CONNECTION_MESSAGE.test(e.message);
}
