// The webhook executor: instead of running a journey itself, it POSTs the job to an external agent
// fleet (AGENT_WEBHOOK_URL), signed (lib/agents/signature.ts), with a single-use token for the
// report. The fleet answers 2xx to take it on and later reports through
// `POST /api/v1/agents/{id}/result` (lib/agents/results.ts) with that token. Only the token's
// SHA-256 is kept (agents.result_token_hash), like API keys: a database read does not yield a
// token that could forge a result.
import { createHash, randomBytes } from "node:crypto";
import { redact } from "@/lib/log";
import { errorResult, type AgentExecutor, type AgentJob, type ExecutorOutcome, type RunHooks } from "./executor";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signDelivery, TIMESTAMP_HEADER } from "./signature";

export type WebhookExecutorOptions = {
  /** Where deliveries are POSTed. */
  url: string;
  /** The HMAC key deliveries are signed with (shared with the receiver). */
  secret: string;
  /** Rota's public origin; the result URL handed out is `${appUrl}/api/v1/agents/{id}/result`. */
  appUrl: string;
  /** How long the fleet has to report: the token's expiry and the handed-off agent's lease. */
  reportTimeoutMs: number;
  /** The clock, injected (lib/ never reads it itself). */
  now: () => Date;
  fetch?: typeof fetch;
  /** How long the receiver may take to answer the delivery (not to run the journey). */
  requestTimeoutMs?: number;
};

/** Result tokens start with this, so one found in a log or a leak is recognizable for what it is. */
export const RESULT_TOKEN_PREFIX = "rota_agent_";
/** The whole token: the prefix and 32 random bytes in base64url (43 characters). */
export const RESULT_TOKEN_RE = /^rota_agent_[A-Za-z0-9_-]{43}$/;

export function generateResultToken(): string {
  return `${RESULT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** What agents.result_token_hash holds for a token: its SHA-256, hex. */
export function hashResultToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The body of a delivery. Tenant ids stay inside Rota: the fleet needs none to run the journey. */
export type WebhookDelivery = {
  agent: { id: string; attempt: number; run_id: string | null };
  journey: { id: string; name: string; start_path: string; steps: AgentJob["journey"]["steps"] };
  project: { base_url: string };
  result: { url: string; token: string; expires_at: string };
};

export function createWebhookExecutor(opts: WebhookExecutorOptions): AgentExecutor {
  const target = webhookUrl(opts.url);
  const doFetch = opts.fetch ?? fetch;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  // Only the host goes into messages: the URL's path or query may carry a credential.
  const host = target.host;

  async function run(job: AgentJob, signal: AbortSignal, hooks: RunHooks): Promise<ExecutorOutcome> {
    const token = generateResultToken();
    const sentAt = opts.now();
    // The token is valid before the fleet can hold it: a receiver may report before it answers.
    if (!(await hooks.handOff(hashResultToken(token), opts.reportTimeoutMs))) {
      return finished("This worker no longer holds the agent; not delivered");
    }
    const delivery: WebhookDelivery = {
      agent: { id: job.agentId, attempt: job.attempt, run_id: job.runId },
      journey: { id: job.journey.id, name: job.journey.name, start_path: job.journey.startPath, steps: job.journey.steps },
      project: { base_url: job.baseUrl },
      result: {
        url: `${appUrl}/api/v1/agents/${job.agentId}/result`,
        token,
        expires_at: new Date(sentAt.getTime() + opts.reportTimeoutMs).toISOString(),
      },
    };
    const body = JSON.stringify(delivery);
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    let res: Response;
    try {
      res = await doFetch(target.href, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Rota-Webhook/1",
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signDelivery(opts.secret, timestamp, body),
          [DELIVERY_HEADER]: `${job.agentId}:${job.attempt}`,
        },
        body,
        // A redirect would re-send the signed job and its token to wherever it points: not followed.
        redirect: "manual",
        // Not the worker's signal: the agent is already handed off, so a stopping worker must let the
        // delivery finish (its own timeout bounds it) rather than strand a job nobody was sent.
        signal: timeout,
      });
    } catch (err) {
      if (signal.aborted) return finished(`Stopped before webhook ${host} answered`);
      if (timeout.aborted) return finished(`Webhook ${host} did not answer within ${requestTimeoutMs} ms`);
      return finished(`Could not reach webhook ${host}: ${reasonOf(err, host)}`);
    }
    // Nothing of the answer is needed but its status; dropping the body frees the connection.
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) {
      return { kind: "handed_off" };
    }
    const redirected = res.status >= 300 && res.status < 400 ? " (redirects are not followed)" : "";
    return finished(`Webhook ${host} answered ${res.status}${redirected}`);
  }

  return {
    name: "webhook",
    run,
    async close() {
      // Holds nothing between deliveries.
    },
  };
}

function finished(message: string): ExecutorOutcome {
  return { kind: "finished", result: errorResult(redact(message)) };
}

/**
 * The delivery URL, checked once when the executor is made: a URL fetch refuses would otherwise
 * fail every agent one by one. User-info is refused rather than sent (fetch will not send it, and
 * Basic auth is no substitute for the signature, which authenticates every delivery).
 */
function webhookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("AGENT_WEBHOOK_URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error("AGENT_WEBHOOK_URL must be an http:// or https:// URL");
  }
  if (parsed.username || parsed.password) {
    throw new Error("AGENT_WEBHOOK_URL must not contain a user name or password (deliveries are authenticated by their signature)");
  }
  return parsed;
}

/**
 * Why a request failed, in a few words. fetch reports "fetch failed" and puts the reason (a system
 * error code such as ECONNREFUSED or ENOTFOUND) in `cause`; that code says what to fix, and unlike a
 * message it cannot echo the URL. A message without a code gets any URL in it replaced by the host.
 */
function reasonOf(err: unknown, host: string): string {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && /^[A-Z0-9_]+$/.test(code)) return code;
  const message = cause instanceof Error && cause.message ? cause.message : err instanceof Error ? err.message : String(err);
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, host);
}
