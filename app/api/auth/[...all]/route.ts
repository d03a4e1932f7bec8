// better-auth's endpoints for the web UI (sign-up, sign-in, sign-out, session) — only those — behind
// Rota's own limits on sign-in attempts.
import { toNextJsHandler } from "better-auth/next-js";
import { getPeopleAuth } from "@/lib/auth/session";
import { withPeopleAuth } from "@/lib/http/handler";

const handler = withPeopleAuth(async (req: Request) => (await getPeopleAuth()).handler(req));

export const { GET, POST } = toNextJsHandler(handler);
