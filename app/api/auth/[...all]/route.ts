// better-auth's endpoints (sign-up, sign-in, sign-out, session) for the web UI, behind Rota's own
// limits on sign-in attempts.
import { toNextJsHandler } from "better-auth/next-js";
import { getPeopleAuth } from "@/lib/auth/session";
import { withSignInLimits } from "@/lib/http/handler";

const handler = withSignInLimits(async (req: Request) => (await getPeopleAuth()).handler(req));

export const { GET, POST } = toNextJsHandler(handler);
