import { describe, expect, it } from "vitest";
import { errorMessage, redact } from "./log";

describe("redact", () => {
  it("removes URL credentials, bearer tokens, API keys and agents' result tokens", () => {
    const apiKey = "rota_abcdef123456_S3cretPart-xyz";
    const agentToken = "rota_agent_" + "A".repeat(43);
    const out = redact(`postgres://me:pw@db.test/x Bearer abc.def ${apiKey} token=${agentToken}`);
    expect(out).toBe("postgres://***@db.test/x Bearer *** rota_*** token=rota_agent_***");
  });

  it("puts a wrapped driver error's reason first, redacted", () => {
    const err = new Error("Failed query: select 1", { cause: new Error("connect ECONNREFUSED postgres://me:pw@db.test") });
    expect(errorMessage(err)).toBe("connect ECONNREFUSED postgres://***@db.test (Failed query: select 1)");
    expect(errorMessage("plain")).toBe("plain");
  });

  it("bounds a message's length", () => {
    expect(redact("x".repeat(600))).toHaveLength(501);
  });
});
