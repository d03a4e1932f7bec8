// npm run lint:openapi — write the generated OpenAPI document to a temp file and lint it with
// Redocly (the same check tests/api/openapi.test.ts makes).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildOpenApiDocument } from "@/lib/openapi/document";

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rota-openapi-")), "openapi.json");
fs.writeFileSync(file, JSON.stringify(buildOpenApiDocument(), null, 2));
const bin = path.join(process.cwd(), "node_modules", ".bin", "redocly");
const res = spawnSync(bin, ["lint", file], { stdio: "inherit" });
process.exit(res.status ?? 1);
