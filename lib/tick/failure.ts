// What went wrong with a tick, as the cron pass needs to know it: a code for the log and the run,
// a message safe to show the tenant, and whether trying the same slot again later can succeed.
import { AppError } from "@/lib/errors";
import { redact } from "@/lib/log";

export type TickFailure = { code: string; message: string; transient: boolean };

// SQLSTATE classes and codes that say "the database could not do it now", not "this tick is bad":
// connection exceptions (08), transaction rollbacks such as serialization failures and deadlocks
// (40), insufficient resources (53), operator intervention such as a restart (57), a lock not
// available (55P03), and a unique violation (23505: a concurrent writer got there first; the next
// pass sees its row).
const TRANSIENT_SQLSTATE = /^(08|40|53|57)...$|^55P03$|^23505$/;
const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
// Drivers that report a lost connection without a code (pg's pool, PGlite once closed).
const TRANSIENT_MESSAGE = /connection terminated|timeout exceeded when trying to connect|connection error|PGlite is closed|socket hang up/i;

export function describeFailure(err: unknown): TickFailure {
  const chain = causes(err);
  // Before SQLSTATEs: EPIPE is five capitals too.
  const nodeCode = chain.map(codeOf).find((c) => c !== null && TRANSIENT_NODE_CODES.has(c));
  if (nodeCode) return { code: nodeCode.toLowerCase(), message: "The database could not be reached", transient: true };
  const sqlState = chain.map(codeOf).find((c) => c !== null && /^[0-9A-Z]{5}$/.test(c)) ?? null;
  if (sqlState) {
    // The database's own message can name tables and constraints: the tenant gets the code only.
    return {
      code: `sqlstate_${sqlState}`,
      message: `The database refused the tick (SQLSTATE ${sqlState})`,
      transient: TRANSIENT_SQLSTATE.test(sqlState),
    };
  }
  if (chain.some((e) => e instanceof Error && TRANSIENT_MESSAGE.test(e.message))) {
    return { code: "connection_lost", message: "The connection to the database was lost", transient: true };
  }
  const first = chain[0];
  if (first instanceof AppError) return { code: first.code, message: redact(first.message), transient: false };
  if (first instanceof Error) {
    return { code: first.name === "Error" ? "tick_error" : snake(first.name), message: redact(first.message), transient: false };
  }
  return { code: "tick_error", message: redact(String(first)), transient: false };
}

/** The error and its causes (drizzle wraps the driver's error in `cause`), bounded. */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  while (e !== undefined && e !== null && out.length < 8 && !out.includes(e)) {
    out.push(e);
    e = typeof e === "object" ? (e as { cause?: unknown }).cause : undefined;
  }
  return out;
}

function codeOf(e: unknown): string | null {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : null;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
