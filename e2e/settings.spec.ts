import { checkPage, expect, signUpFresh, test } from "./fixtures";

test("an API key is shown once, works as a Bearer token, and stops working once revoked", async ({ page, consoleErrors }) => {
  await signUpFresh(page, "Key maker");
  await page.goto("/settings");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByText(/100 agents a day/)).toBeVisible();
  await checkPage(page, "settings");

  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("CI pipeline");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toContainText("only time Rota shows this key");
  await expect(dialog.getByRole("button", { name: "Copy" })).toBeVisible();
  const key = await dialog.getByTestId("new-api-key").inputValue();
  expect(key.length).toBeGreaterThan(20);
  await checkPage(page, "settings-new-key");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toHaveCount(0);

  // Listed by name and prefix, never the secret again.
  const row = page.getByRole("row").filter({ hasText: "CI pipeline" });
  await expect(row).toContainText("Active");
  await expect(page.getByText(key)).toHaveCount(0);

  const headers = { authorization: `Bearer ${key}` };
  expect((await page.request.get("/api/v1/projects", { headers })).status()).toBe(200);

  await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");
  await expect(page.getByText(/Revoked "CI pipeline"/)).toBeVisible();
  expect((await page.request.get("/api/v1/projects", { headers })).status()).toBe(401);
  // The 401 above is page.request's own, not the page's; nothing of the page logged an error.
  expect(consoleErrors).toEqual([]);
});
