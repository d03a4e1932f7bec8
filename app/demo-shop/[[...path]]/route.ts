import { demoShopResponse } from "@/lib/demo-shop/site";
import { env } from "@/lib/env";

// GET /demo-shop/... – the demo shop the seeded journeys test (lib/demo-shop/site.ts), served by
// Rota itself so a fresh `npm start` has a site to run them against. Rendered per request (a GET
// handler that reads its request is never cached): pages depend on the query, and /slow waits.
// Not served on Vercel: there it would only hold functions open (/slow) for anyone who asks.
const BASE_PATH = "/demo-shop";

export async function GET(req: Request, ctx: { params: Promise<{ path?: string[] }> }): Promise<Response> {
  if (env().VERCEL) return new Response("Not found", { status: 404 });
  const { path } = await ctx.params;
  const url = new URL(req.url);
  const res = demoShopResponse(`/${(path ?? []).join("/")}`, url.searchParams, BASE_PATH);
  if (res.delayMs > 0) await delay(res.delayMs, req.signal);
  return new Response(res.html, {
    status: res.status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

/** Resolves after `ms`, or as soon as the client has gone away (nothing is left to answer). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
