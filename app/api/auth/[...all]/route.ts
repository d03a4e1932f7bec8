// better-auth's endpoints (sign-up, sign-in, sign-out, session) for the web UI.
import { toNextJsHandler } from "better-auth/next-js";
import { getPeopleAuth } from "@/lib/auth/session";

const handler = async (req: Request) => (await getPeopleAuth()).handler(req);

export const { GET, POST } = toNextJsHandler(handler);
