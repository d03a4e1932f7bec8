import { recordAgentResult } from "@/lib/agents/results";
import { AgentResultReport, MAX_REPORT_BODY_BYTES } from "@/lib/agents/schemas";
import { withAgentToken } from "@/lib/http/handler";
import { readJson } from "@/lib/http/parse";
import { json } from "@/lib/http/respond";
import { digestSettings } from "@/lib/digest/settings";
import { env } from "@/lib/env";

// POST /api/v1/agents/{id}/result – an external agent reports its result, once, with its job's token
export const POST = withAgentToken(async (req, { db, agent, now }) =>
  json(
    await recordAgentResult(
      db,
      agent,
      await readJson(req, AgentResultReport, { maxBytes: MAX_REPORT_BODY_BYTES }),
      now,
      digestSettings(env()),
    ),
  ),
);
