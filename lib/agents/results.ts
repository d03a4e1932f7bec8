// Results reported by external agents (the webhook executor, lib/agents/webhook.ts): the caller is
// whoever holds an agent's single-use result token, and may report for that one agent, once.
import { and, eq } from "drizzle-orm";
import { bearerToken } from "@/lib/auth/api-keys";
import type { Db, Executor } from "@/lib/db";
import { agents } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { Uuid } from "@/lib/validation";
import type { AgentResult } from "./executor";
import { deliverRunDigests, type DigestSettings } from "@/lib/digest/deliver";
import { errorMessage, logEvent } from "@/lib/log";
import { finishAgent, WEBHOOK_OWNER } from "./queue";
import type { AgentResultReport } from "./schemas";
import { getAgent } from "./service";
import { hashResultToken, RESULT_TOKEN_RE } from "./webhook";

/** The agent a result token was issued for. */
export type AgentCaller = { agentId: string; tenantId: string; tokenHash: string };

const unauthorized = (message: string) => new AppError("unauthorized", message);

/**
 * Resolves `Authorization: Bearer <result token>` to the agent it was issued for, and checks that
 * this is the agent the request names (`pathAgentId`). 401 when the token is missing, unknown or
 * used (finishing an agent clears its token, and so does the reaper when the report window ends);
 * 404 when the named agent is not one of the token's tenant, as for any other caller; 401 when it
 * is, but is not the token's agent.
 */
export async function authenticateAgentToken(
  db: Executor,
  header: string | null,
  pathAgentId: string | undefined,
): Promise<AgentCaller> {
  if (!header) throw unauthorized("Missing Authorization header");
  const token = bearerToken(header);
  if (!token) throw unauthorized("Authorization must be 'Bearer <result token>'");
  if (!RESULT_TOKEN_RE.test(token)) throw unauthorized("Invalid result token");
  // Looked up by hash with a plain equality: the token is 256 random bits, so how long a lookup of
  // its hash takes tells nothing that brings another token closer (unlike comparing the token).
  const tokenHash = hashResultToken(token);
  const [row] = await db
    .select({ id: agents.id, tenantId: agents.tenantId })
    .from(agents)
    .where(and(eq(agents.resultTokenHash, tokenHash), eq(agents.status, "running"), eq(agents.leaseOwner, WEBHOOK_OWNER)))
    .limit(1);
  if (!row) throw unauthorized("Invalid result token (unknown, already used, or its report window has ended)");
  const named = pathAgentId?.toLowerCase();
  if (named === undefined || !Uuid.safeParse(named).success) throw notFound("Agent");
  if (row.id !== named) {
    const [sibling] = await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.tenantId, row.tenantId), eq(agents.id, named)));
    if (!sibling) throw notFound("Agent");
    throw unauthorized("This result token was issued for another agent");
  }
  return { agentId: row.id, tenantId: row.tenantId, tokenHash };
}

/**
 * Records the caller's report, once, and returns the agent as `GET /api/v1/agents/{id}` shows it.
 * 401 when the token no longer holds by the time it is applied: another report with the same
 * token got there first, or the report window ended meanwhile.
 */
export async function recordAgentResult(
  db: Db,
  caller: AgentCaller,
  report: AgentResultReport,
  now: Date,
  digest: DigestSettings,
) {
  const done = await finishAgent(db, {
    agentId: caller.agentId,
    guard: { resultTokenHash: caller.tokenHash },
    result: toAgentResult(report),
    now,
  });
  if (!done.applied) throw unauthorized("Invalid result token (already used, or its report window has ended)");
  // The report completed the run: its digest goes within this request (serverless: nothing after it).
  if (done.runCompleted && done.runId) {
    await deliverRunDigests(db, [done.runId], now, digest).catch((err) =>
      logEvent("error", "digest_failed", { run_id: done.runId, message: errorMessage(err) }),
    );
  }
  return getAgent(db, caller.tenantId, caller.agentId);
}

function toAgentResult(report: AgentResultReport): AgentResult {
  return {
    status: report.status,
    steps: report.steps.map((s) => ({ index: s.index, action: s.action, status: s.status, duration_ms: s.duration_ms, error: s.error })),
    findings: report.findings.map((f) => ({ severity: f.severity, title: f.title, detail: f.detail, step: f.step })),
    error: report.error,
    // The schema checked it is padded base64 of a PNG.
    screenshot: report.screenshot_png_base64 ? new Uint8Array(Buffer.from(report.screenshot_png_base64, "base64")) : null,
    durationMs: report.duration_ms,
  };
}
