// The demo shop (lib/demo-shop/site.ts) on a bare node:http server at the root of 127.0.0.1:<port>,
// for the Playwright executor's tests, plus pages only tests need:
//   /hang             never answers (navigation timeouts); /hang-link links to it
//   /set-cookie       sets a cookie; /show-cookie shows the cookie the browser sent (isolation of runs)
//   /metadata-image   embeds an image from the cloud metadata address (a blocked subresource)
//   /metadata-navigate  sends the browser to the metadata address from a script (a blocked document)
//   /metadata-redirect  answers 302 to the metadata address (a blocked redirect)
import http from "node:http";
import type { AddressInfo } from "node:net";
import { demoShopResponse } from "@/lib/demo-shop/site";

export type DemoShopServer = { url: string; close: () => Promise<void> };

export const METADATA_URL = "http://169.254.169.254/latest/meta-data/";

const HTML = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };

function testPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head><body>${body}</body></html>`;
}

function testOnly(path: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  switch (path) {
    case "/hang":
      return true; // the request stays open until the client gives up or the server closes
    case "/hang-link":
      res.writeHead(200, HTML);
      res.end(testPage("Link", `<a href="/hang">Never answers</a>`));
      return true;
    case "/set-cookie":
      res.writeHead(200, { ...HTML, "set-cookie": "visited=yes; Path=/; SameSite=Lax" });
      res.end(testPage("Cookie set", "<h1>Cookie set</h1>"));
      return true;
    case "/show-cookie": {
      const cookie = req.headers.cookie ?? "";
      res.writeHead(200, HTML);
      res.end(testPage("Cookie", cookie.includes("visited=yes") ? "<p>Cookie: visited=yes</p>" : "<p>No cookie</p>"));
      return true;
    }
    case "/metadata-image":
      res.writeHead(200, HTML);
      res.end(testPage("Image", `<h1>Image page</h1><img alt="" src="${METADATA_URL}">`));
      return true;
    case "/metadata-navigate":
      res.writeHead(200, HTML);
      res.end(testPage("Navigate", `<h1>Leaving</h1><script>location.href = ${JSON.stringify(METADATA_URL)};</script>`));
      return true;
    case "/metadata-redirect":
      res.writeHead(302, { location: METADATA_URL });
      res.end();
      return true;
    default:
      return false;
  }
}

export async function startDemoShopServer(): Promise<DemoShopServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (testOnly(url.pathname, req, res)) return;
    const page = demoShopResponse(url.pathname, url.searchParams);
    const send = () => {
      res.writeHead(page.status, HTML);
      res.end(page.html);
    };
    if (page.delayMs <= 0) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, page.delayMs);
    timers.add(timer);
    res.on("close", () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      // /hang and a browser's keep-alive connections would hold close() open forever.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
