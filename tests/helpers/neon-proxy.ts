// A WebSocket-to-TCP proxy like Neon's wsproxy, for tests: the Neon driver opens
// ws://127.0.0.1:<port>/v1?address=<host>:<port>, and each socket's binary frames are piped to that
// TCP address (a local PostgreSQL) and back. Only loopback targets are allowed.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";

export type NeonProxy = {
  /** `ws://127.0.0.1:<port>`: what `neonWsProxy` / NEON_WS_PROXY takes. */
  url: string;
  port: number;
  /** Sockets piped so far (tests assert traffic really went through the proxy). */
  connections(): number;
  close(): Promise<void>;
};

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

function parseTarget(address: string | null): { host: string; port: number } | null {
  if (!address) return null;
  const m = /^(.+):(\d{1,5})$/.exec(address);
  if (!m) return null;
  const host = m[1]!.replace(/^\[(.*)\]$/, "$1");
  const port = Number(m[2]);
  if (!LOOPBACK.has(host) || port < 1 || port > 65535) return null;
  return { host, port };
}

export async function startNeonProxy(): Promise<NeonProxy> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const sockets = new Set<net.Socket>();
  let count = 0;

  wss.on("connection", (ws: WebSocket, req) => {
    const target = parseTarget(new URL(req.url ?? "/", "http://proxy").searchParams.get("address"));
    if (!target) {
      ws.close(1008, "address must be a loopback host:port");
      return;
    }
    count++;
    const tcp = net.connect(target.port, target.host);
    sockets.add(tcp);
    // Frames that arrive before the TCP connection is up are queued, in order.
    const pending: Buffer[] = [];
    let connected = false;
    const toBuffer = (data: RawData): Buffer =>
      Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);

    ws.on("message", (data) => {
      const buf = toBuffer(data);
      if (connected) tcp.write(buf);
      else pending.push(buf);
    });
    tcp.on("connect", () => {
      connected = true;
      for (const buf of pending.splice(0)) tcp.write(buf);
    });
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });
    tcp.on("close", () => {
      sockets.delete(tcp);
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    });
    tcp.on("error", () => ws.terminate());
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        for (const s of sockets) s.destroy();
        wss.close(() => resolve());
      }),
  };
}
