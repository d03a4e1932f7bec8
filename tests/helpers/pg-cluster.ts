// A PostgreSQL server of one test file's own, to stop, start and restart: the fault suites cannot
// restart the shared server of TEST_DATABASE_URL, which every other file is using at the same time.
// `initdb` into a temporary folder and `pg_ctl` on a free port on 127.0.0.1 (trust auth, user
// postgres, no fsync); as root the tools run as the `postgres` user, as PostgreSQL requires. Torn
// down by `destroy()`. The tools come from PG_BIN, or the newest /usr/lib/postgresql/*/bin, or PATH;
// without them this throws (never skips): the suites that use it run only with TEST_DATABASE_URL set,
// where PostgreSQL is installed.
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type PgCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: every connection is ended (57P01), new ones are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`, waiting until it accepts connections again. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
};

function binDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, "bin")));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) {
    throw new Error(
      "The PostgreSQL fault suites need initdb and pg_ctl (Debian: apt-get install postgresql; or set PG_BIN to their folder)",
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function createPgCluster(): Promise<PgCluster> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rota-pg-"));
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]).catch(() => {
      throw new Error("Running as root: the PostgreSQL fault suites need the `postgres` user to run the server as");
    });
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  // PostgreSQL refuses to run as root: as root, every tool runs as the postgres user.
  const tool = (name: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, name), ...args]) : run(path.join(bin, name), args);

  await tool("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  // Options given to `start` are kept in postmaster.opts, and `restart` reuses them.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const ctl = (args: string[]) => tool("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", ...args]);
  const withLog = async (what: string, args: string[]) => {
    try {
      await ctl(args);
    } catch (err) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").slice(-20).join("\n") : "";
      throw new Error(`pg_ctl ${what} failed: ${(err as Error).message}\n${tail}`);
    }
  };
  await withLog("start", ["-o", opts, "start"]);
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await withLog("stop", ["-m", "fast", "stop"]);
      running = false;
    },
    start: async () => {
      await withLog("start", ["-o", opts, "start"]);
      running = true;
    },
    restart: async () => {
      await withLog("restart", ["-m", "fast", "restart"]);
      running = true;
    },
    destroy: async () => {
      if (running) await ctl(["-m", "immediate", "stop"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
