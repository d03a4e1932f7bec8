// The route table of app/api as Next lays it out (`[param]` segments, static before dynamic,
// catch-alls last), over route modules however they were found: the test server gets them from
// Vite's import.meta.glob (tests/helpers/server.ts), the soak script (bench/soak-server.ts) from the
// file system.
export type RouteModule = Record<string, unknown>;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { segments: string[]; load: () => Promise<RouteModule> };

function rank(segments: string[]) {
  const catchAll = segments.some((s) => s.startsWith("[..."));
  // Among catch-alls, the one with more fixed segments first (/api/auth/[...all] before /api/[...path]).
  const fixed = segments.filter((s) => !s.startsWith("[")).length;
  return (catchAll ? 1000 - fixed * 10 : 0) + segments.filter((s) => s.startsWith("[")).length;
}

/** `modules`: "/app/api/…/route.ts" → its loader. Returns what serves a request with them. */
export function createRouter(modules: Record<string, () => Promise<RouteModule>>): (request: Request) => Promise<Response> {
  const routes: Route[] = Object.entries(modules)
    .map(([file, load]) => ({
      segments: file.replace(/^\/app/, "").replace(/\/route\.ts$/, "").split("/").filter(Boolean),
      load,
    }))
    // Static segments win over dynamic ones, and catch-alls come last, like Next's router.
    .sort((a, b) => rank(a.segments) - rank(b.segments));

  function match(pathname: string): { route: Route; params: Record<string, string> } | null {
    const parts = pathname.split("/").filter(Boolean);
    for (const route of routes) {
      const last = route.segments[route.segments.length - 1] ?? "";
      if (last.startsWith("[...")) {
        const fixed = route.segments.slice(0, -1);
        if (parts.length > fixed.length && fixed.every((seg, i) => seg === parts[i])) {
          return { route, params: { [last.slice(4, -1)]: parts.slice(fixed.length).join("/") } };
        }
        continue;
      }
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((seg, i) => {
        if (seg.startsWith("[")) {
          params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
          return true;
        }
        return seg === parts[i];
      });
      if (ok) return { route, params };
    }
    return null;
  }

  return async (request) => {
    const found = match(new URL(request.url).pathname);
    if (!found) return new Response("Not found", { status: 404 });
    const mod = await found.route.load();
    const handler = mod[request.method] as Handler | undefined;
    if (typeof handler !== "function") return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve(found.params) });
  };
}

/** Serves `dispatch` on 127.0.0.1 (an ephemeral port): Node's request in, the Fetch API's out. */
export async function serveOnLoopback(
  dispatch: (request: Request) => Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import("node:http");
  let port = 0;
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const reqHeaders = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") reqHeaders.set(k, v);
      const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
        method: req.method,
        headers: reqHeaders,
        body: body && req.method !== "GET" && req.method !== "HEAD" ? body : undefined,
      });
      const response = await dispatch(request);
      const headers = Object.fromEntries(response.headers.entries()) as Record<string, string | string[]>;
      // Several cookies (better-auth's session) are several Set-Cookie headers, never one joined value.
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) headers["set-cookie"] = cookies;
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(599).end(String(err)); // a harness failure, never mistaken for an app status
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
