import { checkPage, demoPerson, expect, signIn, signUpFresh, test } from "./fixtures";

test("signed out, every page sends you to sign-in", async ({ page }) => {
  await page.goto("/schedules");
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, "sign-in");
});

test("a wrong password is refused with a message", async ({ page, consoleErrors }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demoPerson().email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText(/invalid|wrong/i);
  // The refused sign-in's 401 is the browser's own network log line, not an error of the page.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/Failed to load resource: .*status of 401/.test(e)));
});

test("the demo person signs in with the printed credentials and sees the nav and budget", async ({ page }) => {
  await signIn(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const name of ["Schedules", "Journeys", "Test plans", "Projects", "Agents", "Outbox", "Settings"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByTestId("budget-meter")).toContainText("/ 100 agents today");
  await checkPage(page, "schedules");
});

test("sign-up gives a new person an empty workspace of their own", async ({ page }) => {
  await signUpFresh(page, "Second tenant");
  await expect(page.getByTestId("budget-meter")).toContainText("0 / 100 agents today");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});
