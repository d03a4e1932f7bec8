// npm start — build when needed, migrate, seed the demo workspace on the embedded database, and serve.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dbOptionsFromEnv, openDb } from "@/lib/db";
import { configOrExit } from "./config";
import { seedDemo } from "@/lib/seed/demo";

// Invalid configuration stops here, before a build, with the variable named and no stack trace.
const config = configOrExit();

const root = process.cwd();
const port = config.PORT;
const url = `http://localhost:${port}`;
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = Math.max(
    ...["app", "components", "lib"].map((d) => newestMtime(path.join(root, d))),
    ...["package.json", "next.config.ts"].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)),
  );
  if (built > sources) return;
  console.log("Building Rota (first start or changed sources)…");
  const res = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

buildIfNeeded();

const options = dbOptionsFromEnv();
const embedded = !options.url;
const dataDir = path.resolve(options.dataDir ?? "./.data");
const keyFile = path.join(dataDir, "demo-api-key.txt");
const signInFile = path.join(dataDir, "demo-sign-in.txt");
const secretFile = path.join(dataDir, "auth-secret.txt");
// The database is opened, migrated and seeded here, then closed before the server opens it:
// PGlite allows one process per data folder.
const handle = await openDb(options);
try {
  await handle.migrate();
  if (embedded) {
    const demo = await seedDemo(handle.db, new Date(), `${url}/demo-shop`);
    if (demo) {
      fs.writeFileSync(keyFile, demo.apiKey + "\n", { mode: 0o600 });
      fs.writeFileSync(signInFile, `${demo.email}\n${demo.password}\n`, { mode: 0o600 });
    }
  }
} finally {
  await handle.close();
}

// Session cookies are signed with BETTER_AUTH_SECRET: a local run keeps a generated one in its data
// folder, so sessions survive restarts; a deployment sets its own.
function authSecret(): string {
  if (config.BETTER_AUTH_SECRET) return config.BETTER_AUTH_SECRET;
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return fs.readFileSync(secretFile, "utf8").trim();
}

const server = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
  stdio: ["ignore", "pipe", "inherit"],
  // NEXT_MANUAL_SIG_HANDLE: Next's own SIGTERM handler exits at once; the server's shutdown hook
  // (lib/agents/in-process.ts) first lets the agent worker finish or give back what it holds.
  env: { ...process.env, ADMIN_TOKEN: config.ADMIN_TOKEN ?? "", NEXT_MANUAL_SIG_HANDLE: "true", BETTER_AUTH_SECRET: authSecret() },
});
let announced = false;
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(chunk.toString())) {
    announced = true;
    console.log(`\n  Rota is running at ${url}`);
    console.log(`  Database: ${embedded ? `embedded PGlite in ${dataDir}` : `${handle.driver} (DATABASE_URL)`}`);
    if (embedded && fs.existsSync(signInFile)) {
      const [email, password] = fs.readFileSync(signInFile, "utf8").trim().split("\n");
      console.log(`  Demo sign-in: ${email}  password: ${password}`);
    }
    if (embedded && fs.existsSync(keyFile)) {
      console.log(`  Demo API key: ${fs.readFileSync(keyFile, "utf8").trim()}`);
      console.log(`  Try: curl -H "Authorization: Bearer <key>" ${url}/api/v1/schedules\n`);
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code) => process.exit(code ?? 0));
