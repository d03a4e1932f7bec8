// A second tenant's person sees none of the demo workspace: not in lists, not by guessing its ids in
// page URLs, not through the API with their session.
import { checkPage, expect, signIn, signUpFresh, test } from "./fixtures";

test("a second workspace's person sees nothing of the demo workspace", async ({ browser, page, consoleErrors }) => {
  // The demo person's ids, collected in a context of its own.
  const demo = await browser.newContext();
  const demoPage = await demo.newPage();
  await signIn(demoPage);
  const schedules = (await (await demoPage.request.get("/api/v1/schedules")).json()).data as { id: string; name: string }[];
  const schedule = schedules.find((s) => s.name === "Daily regression")!;
  const journeys = (await (await demoPage.request.get("/api/v1/journeys")).json()).data as { id: string }[];
  const projects = (await (await demoPage.request.get("/api/v1/projects")).json()).data as { id: string }[];
  // Playwright's requests carry no Origin: a cookie-authenticated write must say where it comes from.
  const origin = new URL(demoPage.url()).origin;
  const trigger = await demoPage.request.post(`/api/v1/schedules/${schedule.id}/trigger`, { headers: { origin } });
  expect(trigger.status()).toBe(200);
  const run = await trigger.json();
  const agentId: string = run.selected[0].agent_ids[0];
  // Let the run finish here so its agents do not compete with the next spec's.
  await expect
    .poll(async () => (await (await demoPage.request.get(`/api/v1/schedules/${schedule.id}/runs?limit=1`)).json()).data[0].status, { timeout: 150_000 })
    .toBe("completed");
  await demo.close();

  await signUpFresh(page, "Other team");
  const guessed = [schedule.id, agentId, journeys[0]!.id, projects[0]!.id];
  const unexpected404s: string[] = [];
  page.on("response", (res) => {
    const path = new URL(res.url()).pathname;
    if (res.status() === 404 && !(path.startsWith("/api/v1/") && guessed.some((id) => path.includes(id)))) unexpected404s.push(path);
  });
  for (const path of [
    `/api/v1/schedules/${schedule.id}`,
    `/api/v1/schedules/${schedule.id}/runs`,
    `/api/v1/schedules/${schedule.id}/preview`,
    `/api/v1/schedules/${schedule.id}/calendar`,
    `/api/v1/journeys/${journeys[0]!.id}`,
    `/api/v1/projects/${projects[0]!.id}`,
    `/api/v1/agents/${agentId}`,
    `/api/v1/agents/${agentId}/screenshot`,
  ]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
  // Writes on guessed ids, from Rota's own origin, are refused the same way and change nothing.
  const headers = { origin: new URL(page.url()).origin };
  expect((await page.request.patch(`/api/v1/schedules/${schedule.id}`, { data: { enabled: false }, headers })).status()).toBe(404);
  expect((await page.request.post(`/api/v1/schedules/${schedule.id}/trigger`, { headers })).status()).toBe(404);
  expect((await page.request.delete(`/api/v1/journeys/${journeys[0]!.id}`, { headers })).status()).toBe(404);
  for (const list of ["/api/v1/schedules", "/api/v1/journeys", "/api/v1/projects", "/api/v1/agents", "/api/v1/outbox"]) {
    expect((await (await page.request.get(list)).json()).data, list).toEqual([]);
  }

  // The pages: lists are empty, guessed ids show a not-found state.
  await page.goto("/schedules");
  await expect(page.getByText("Daily regression")).toHaveCount(0);
  await page.goto(`/schedules/${schedule.id}/runs`);
  await expect(page.getByText("Schedule not found").first()).toBeVisible();
  await checkPage(page, "isolation-schedule-not-found");
  await page.goto(`/agents/${agentId}`);
  await expect(page.getByText("Agent not found")).toBeVisible();
  // Only the API's answers to the guessed ids may be 404s; then their log lines are expected.
  expect(unexpected404s, "404s other than the guessed ids").toEqual([]);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/status of 404/.test(e)));
});
