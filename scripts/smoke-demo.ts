// Part of scripts/smoke-start.sh: on the server `npm start` just started, trigger the demo schedule
// and wait until its run completes, then check through the API what the README promises: real
// passes, a real failure with a `high` finding and a PNG screenshot, and the run's counts.
//   tsx scripts/smoke-demo.ts <base url> <api key>
export {};

const [base, key] = process.argv.slice(2);
if (!base || !key) throw new Error("usage: tsx scripts/smoke-demo.ts <base url> <api key>");
const headers = { authorization: `Bearer ${key}` };

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}/api/v1${path}`, { ...init, headers });
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

function fail(message: string): never {
  console.error(`smoke: ${message}`);
  process.exit(1);
}

const schedules = await api("/schedules");
const schedule = schedules.data[0];
const run = await api(`/schedules/${schedule.id}/trigger`, { method: "POST" });
console.log(`smoke: triggered "${schedule.name}": ${run.budget.spent} agents queued`);
// Bounded only to catch a hang: Chromium's first start on a busy machine takes seconds.
let done = null;
for (let i = 0; i < 300 && !done; i++) {
  const runs = await api(`/schedules/${schedule.id}/runs?limit=5`);
  const current = runs.data.find((r: { id: string }) => r.id === run.id);
  if (current?.status === "completed") done = current;
  else await new Promise((r) => setTimeout(r, 1000));
}
if (!done) fail(`run ${run.id} did not complete within 5 minutes`);
console.log(`smoke: run completed: ${JSON.stringify(done.agents)}`);
if (done.agents.passed < 1) fail("no agent passed");
if (done.agents.failed < 1) fail("no agent failed (the demo has a failing journey)");
if (done.agents.error > 0) {
  const errored = await api(`/agents?run_id=${run.id}&status=error`);
  fail(`agents ended error: ${errored.data.map((a: { error: string }) => a.error).join("; ")}`);
}
const failedList = await api(`/agents?run_id=${run.id}&status=failed`);
const failed = await api(`/agents/${failedList.data[0].id}`);
const high = failed.findings.find((f: { severity: string }) => f.severity === "high");
if (!high) fail(`the failed agent has no high finding: ${JSON.stringify(failed.findings)}`);
if (!failed.screenshot_url) fail("the failed agent has no screenshot_url");
const png = await fetch(`${base}${failed.screenshot_url}`, { headers });
const bytes = new Uint8Array(await png.arrayBuffer());
if (png.status !== 200 || png.headers.get("content-type") !== "image/png" || bytes[1] !== 0x50 || bytes[2] !== 0x4e) {
  fail(`screenshot: ${png.status} ${png.headers.get("content-type")} ${bytes.length} bytes`);
}
console.log(`smoke: failure "${high.title}" with a ${bytes.length}-byte PNG screenshot`);

// The demo schedule's digest is on (send: always): the worker that completed the run sent it to the
// local outbox, and the run says so.
const outbox = await api(`/outbox?schedule_id=${schedule.id}`);
const digest = outbox.data.find((m: { run_ids: string[] }) => m.run_ids.includes(run.id));
if (!digest || digest.status !== "sent") fail(`no sent digest for the run in the outbox: ${JSON.stringify(outbox.data.map((m: { status: string }) => m.status))}`);
if (done.digest?.status !== "sent") fail(`the run's digest is ${JSON.stringify(done.digest)}`);
console.log(`smoke: digest "${digest.subject}" in the outbox`);
