// The production server for the benchmarks that drive it over HTTP (bench:ui, bench:api): `npm start`'s
// script (builds first when the sources changed, migrates, serves `next start`) in a process group of
// its own, stopped with the bench however it ends.
import { spawn } from "node:child_process";
import path from "node:path";

export type BenchServer = {
  url: string;
  pid: number;
  /** Everything the server printed (the last lines are shown when it fails). */
  log: () => string;
  /** Resolves once `readyPath` answers 2xx; throws if the server exits or is not up in 5 minutes. */
  ready: (readyPath: string) => Promise<void>;
  stop: () => void;
};

export function startServer(port: number, env: Record<string, string>): BenchServer {
  const url = `http://localhost:${port}`;
  // Detached: `next start` leaves its own child behind, so the whole process group is stopped at the end.
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), APP_URL: url, BETTER_AUTH_URL: url, ...env },
  });
  let log = "";
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));

  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", stop);

  async function ready(readyPath: string) {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${log.slice(-3000)}`);
      try {
        if ((await fetch(`${url}${readyPath}`)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`The server did not come up in 5 min:\n${log.slice(-3000)}`);
  }

  return { url, pid: server.pid!, log: () => log, ready, stop };
}
