// npm run admin -- <command>: the operators' tenant verbs without HTTP.
//   create-tenant --name NAME [--budget N] [--timezone ZONE]   → prints the tenant and its API key
//   update-tenant ID [--name NAME] [--budget N] [--timezone ZONE]
//   list-tenants
//   issue-key TENANT_ID [--name NAME]
import { parseArgs } from "node:util";
import { dbOptionsFromEnv, openDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/parse";
import { CreateApiKey, CreateTenant, UpdateTenant } from "@/lib/tenants/schemas";
import { createApiKey, createTenant, listTenants, updateTenant } from "@/lib/tenants/service";

const USAGE = `Usage: npm run admin -- <command>
  create-tenant --name NAME [--budget N] [--timezone ZONE]
  update-tenant TENANT_ID [--name NAME] [--budget N] [--timezone ZONE]
  list-tenants
  issue-key TENANT_ID [--name NAME]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, budget: { type: "string" }, timezone: { type: "string" }, help: { type: "boolean" } },
});
const [command, id] = positionals;
if (!command || values.help) {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}

const fields = {
  name: values.name,
  daily_agent_budget: values.budget === undefined ? undefined : Number(values.budget),
  timezone: values.timezone,
};
const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

const handle = await openDb(dbOptionsFromEnv());
try {
  await handle.migrate();
  const now = new Date();
  let out: unknown;
  switch (command) {
    case "create-tenant":
      out = await createTenant(handle.db, parseWith(CreateTenant, defined), now);
      break;
    case "update-tenant":
      if (!id) throw new AppError("validation_error", "update-tenant needs a tenant id");
      out = await updateTenant(handle.db, id, parseWith(UpdateTenant, defined), now);
      break;
    case "list-tenants":
      out = await listTenants(handle.db);
      break;
    case "issue-key":
      if (!id) throw new AppError("validation_error", "issue-key needs a tenant id");
      out = await createApiKey(handle.db, id, parseWith(CreateApiKey, values.name ? { name: values.name } : {}));
      break;
    default:
      console.error(`Unknown command: ${command}\n${USAGE}`);
      process.exitCode = 2;
  }
  if (out !== undefined) console.log(JSON.stringify(out, null, 2));
} catch (err) {
  if (err instanceof AppError) {
    console.error(`${err.code}: ${err.message}${err.issues ? "\n" + JSON.stringify(err.issues, null, 2) : ""}`);
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exitCode = 1;
} finally {
  await handle.close();
}
