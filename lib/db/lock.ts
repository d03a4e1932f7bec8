// A pid lock file beside PGlite's data: a second opener of the folder fails loudly instead of
// silently diverging. A stale lock (its process is gone) is taken over.
import fs from "node:fs";
import path from "node:path";

export type DataDirLock = { release(): void };

// Folders this process holds. A lock file with our own pid is ours only if it is in here: otherwise it
// was left by an earlier process that had the same pid (containers restart as pid 1) and is stale.
// On globalThis so Next's module reloading cannot forget a lock that is still held.
const g = globalThis as { __rotaHeldDataDirs?: Set<string> };
const held = (g.__rotaHeldDataDirs ??= new Set<string>());

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const key = fs.realpathSync(dataDir);
  if (held.has(key)) {
    throw new Error(
      `The embedded database in ${dataDir} is already open in this process (PGlite allows one ` +
        "instance per data folder). Close the other handle first.",
    );
  }
  const file = path.join(dataDir, "rota.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      held.add(key);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held.delete(key);
          try {
            if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(file, "utf8"));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder}. ` +
            "Stop it first (PGlite allows one process per data folder), or set DATABASE_URL.",
        );
      }
      fs.unlinkSync(file); // stale: its owner died without releasing
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
