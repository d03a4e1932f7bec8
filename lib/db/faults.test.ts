import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { connectionFault } from "./faults";

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
/** As drizzle wraps a driver's error: the query and its parameters in the message, the driver's error as the cause. */
const drizzle = (cause: unknown, params = "[]") => new Error(`Failed query: select 1\nparams: ${params}`, { cause });

describe("connectionFault", () => {
  it("recognises an unreachable or lost database, through drizzle's wrapping", () => {
    expect(connectionFault(drizzle(coded("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")))).toBe("econnrefused");
    expect(connectionFault(coded("read ECONNRESET", "ECONNRESET"))).toBe("econnreset");
    expect(connectionFault(drizzle(coded("terminating connection due to administrator command", "57P01")))).toBe("sqlstate_57P01");
    expect(connectionFault(coded("the database system is starting up", "57P03"))).toBe("sqlstate_57P03");
    expect(connectionFault(coded("connection failure", "08006"))).toBe("sqlstate_08006");
    expect(connectionFault(coded("sorry, too many clients already", "53300"))).toBe("sqlstate_53300");
    expect(connectionFault(drizzle(new Error("Connection terminated unexpectedly")))).toBe("connection_lost");
    expect(connectionFault(new Error("timeout exceeded when trying to connect"))).toBe("connection_lost");
    expect(connectionFault(new Error("Connection terminated due to connection timeout"))).toBe("connection_lost");
    // better-auth wraps the adapter's error once more.
    expect(connectionFault(new Error("Failed to get session", { cause: drizzle(coded("x", "ECONNREFUSED")) }))).toBe("econnrefused");
  });

  it("leaves query errors alone, whatever their text or parameters say", () => {
    expect(connectionFault(coded("duplicate key value", "23505"))).toBeNull();
    expect(connectionFault(coded("could not serialize access", "40001"))).toBeNull();
    expect(connectionFault(drizzle(coded("connection terminated, says the project's name", "22P02")))).toBeNull();
    expect(connectionFault(drizzle(new TypeError("x is not a function"), '["Connection terminated"]'))).toBeNull();
    expect(connectionFault(new RangeError("unknown time zone"))).toBeNull();
    expect(connectionFault("ECONNREFUSED")).toBeNull();
  });
});

describe("errorResponse", () => {
  it("answers a connection fault 503 unavailable with Retry-After, in the header and the envelope", async () => {
    const res = errorResponse(drizzle(coded("connect ECONNREFUSED 10.0.0.7:5432 postgres://rota:hunter2@db", "ECONNREFUSED")));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await res.json();
    expect(body).toEqual({ error: { code: "unavailable", message: expect.any(String), retry_after_seconds: 5 } });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.7/);
  });

  it("keeps an AppError's own status, and any other error a 500", async () => {
    expect(errorResponse(new AppError("not_found", "Schedule not found")).status).toBe(404);
    const limited = errorResponse(new AppError("rate_limited", "slow down", undefined, 30));
    expect(limited.headers.get("retry-after")).toBe("30");
    expect((await limited.json()).error).toMatchObject({ code: "rate_limited", retry_after_seconds: 30 });
    expect(errorResponse(new TypeError("boom")).status).toBe(500);
  });
});
