// What went wrong with a tick, as the cron pass needs to know it: a code for the log and the run,
// a message safe to show the tenant, and whether trying the same slot again later can succeed.
import { CONNECTION_NODE_CODES, errorChain, errorCode, saysConnectionLost } from "@/lib/db/faults";
import { AppError } from "@/lib/errors";
import { redact } from "@/lib/log";

export type TickFailure = { code: string; message: string; transient: boolean };

// SQLSTATE classes and codes that say "the database could not do it now", not "this tick is bad":
// connection exceptions (08), transaction rollbacks such as serialization failures and deadlocks
// (40), insufficient resources (53), operator intervention such as a restart (57), a lock not
// available (55P03), and a unique violation (23505: a concurrent writer got there first; the next
// pass sees its row).
const TRANSIENT_SQLSTATE = /^(08|40|53|57)...$|^55P03$|^23505$/;

export function describeFailure(err: unknown): TickFailure {
  const chain = errorChain(err);
  // Before SQLSTATEs: EPIPE is five capitals too.
  const nodeCode = chain.map(errorCode).find((c) => c !== null && CONNECTION_NODE_CODES.has(c));
  if (nodeCode) return { code: nodeCode.toLowerCase(), message: "The database could not be reached", transient: true };
  const sqlState = chain.map(errorCode).find((c) => c !== null && /^[0-9A-Z]{5}$/.test(c)) ?? null;
  if (sqlState) {
    // The database's own message can name tables and constraints: the tenant gets the code only.
    return {
      code: `sqlstate_${sqlState}`,
      message: `The database refused the tick (SQLSTATE ${sqlState})`,
      transient: TRANSIENT_SQLSTATE.test(sqlState),
    };
  }
  // Drivers that report a lost connection without a code (pg's pool, PGlite once closed).
  if (chain.some(saysConnectionLost)) {
    return { code: "connection_lost", message: "The connection to the database was lost", transient: true };
  }
  const first = chain[0];
  if (first instanceof AppError) return { code: first.code, message: redact(first.message), transient: false };
  if (first instanceof Error) {
    return { code: first.name === "Error" ? "tick_error" : snake(first.name), message: redact(first.message), transient: false };
  }
  return { code: "tick_error", message: redact(String(first)), transient: false };
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
