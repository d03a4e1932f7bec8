import type { Page } from "@playwright/test";
import { checkPage, expect, signUpFresh, test } from "./fixtures";

type Listed<T> = { data: T[] };

/**
 * Closes the open toasts before an axe scan: sonner's richColors success toast fails colour
 * contrast (the shared Toaster's styling, not this page's).
 */
async function checkSettled(page: Page, name: string) {
  const toasts = page.locator("[data-sonner-toast]");
  await expect(toasts).toHaveCount(0, { timeout: 10_000 });
  await checkPage(page, name);
}

test("projects, journeys and test plans: create, validate, reorder, save, and the API agrees", async ({
  page,
  consoleErrors,
}) => {
  test.info().setTimeout(180_000);
  await signUpFresh(page, "Catalog tester");

  // Projects: the empty state, a refused base URL (nothing created), then the fix.
  await page.goto("/projects");
  await expect(page.getByText("No projects yet")).toBeVisible();
  await checkSettled(page, "catalog-projects-empty");
  await page.getByRole("button", { name: "New project" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name").fill("Web shop");
  await dialog.getByLabel("Base URL").fill("shop.example.com");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(dialog.getByLabel("Base URL")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(dialog.getByText("Must be an http(s) URL")).toBeVisible();
  const none = await (await page.request.get("/api/v1/projects")).json();
  expect(none.data).toEqual([]);
  await dialog.getByLabel("Base URL").fill("https://shop.example.com");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole("cell", { name: "Web shop", exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole("cell", { name: "https://shop.example.com" }),
  ).toBeVisible();
  const projects: Listed<{ id: string; name: string }> = await (
    await page.request.get("/api/v1/projects")
  ).json();
  expect(projects.data.map((p) => p.name)).toEqual(["Web shop"]);
  await checkSettled(page, "catalog-projects");

  // Journeys: an empty required field is shown on its row; add, reorder, save, reload.
  await page.goto("/journeys");
  await expect(page.getByText("No journeys yet")).toBeVisible();
  await checkSettled(page, "catalog-journeys-empty");
  await page.getByRole("link", { name: "New journey" }).first().click();
  await expect(page).toHaveURL(/\/journeys\/new$/);
  await page.getByLabel("Name").fill("Checkout");
  await page.getByRole("button", { name: "Add step" }).click();
  await page.getByRole("button", { name: "Create journey" }).click();
  const step1 = page.getByRole("group", { name: "Step 1" });
  await expect(step1.getByLabel("Selector")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(step1.getByText("Required")).toBeVisible();
  expect(
    (await (await page.request.get("/api/v1/journeys")).json()).data,
  ).toEqual([]);
  await step1.getByLabel("Selector").fill("#buy");
  await expect(step1.getByText("Required")).toBeHidden();
  await page.getByRole("button", { name: "Add step" }).click();
  const step2 = page.getByRole("group", { name: "Step 2" });
  await step2.getByLabel("Action").selectOption({ label: "Expect text" });
  await step2.getByLabel("Text").fill("Thank you");
  await page.getByRole("button", { name: "Move step 2 up" }).click();
  await expect(
    page.getByRole("group", { name: "Step 1" }).getByLabel("Action"),
  ).toHaveValue("expect_text");
  await checkSettled(page, "catalog-journey-new");
  await page.getByRole("button", { name: "Create journey" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}$/);
  const journeyId = page.url().split("/").pop()!;
  await page.reload();
  await expect(
    page.getByRole("heading", { level: 1, name: "Checkout" }),
  ).toBeVisible();
  await expect(
    page.getByRole("group", { name: "Step 1" }).getByLabel("Action"),
  ).toHaveValue("expect_text");
  await expect(
    page.getByRole("group", { name: "Step 1" }).getByLabel("Text"),
  ).toHaveValue("Thank you");
  await expect(
    page.getByRole("group", { name: "Step 2" }).getByLabel("Action"),
  ).toHaveValue("click");
  await expect(
    page.getByRole("group", { name: "Step 2" }).getByLabel("Selector"),
  ).toHaveValue("#buy");
  const saved = await (
    await page.request.get(`/api/v1/journeys/${journeyId}`)
  ).json();
  expect(saved.steps).toEqual([
    { action: "expect_text", text: "Thank you" },
    { action: "click", selector: "#buy" },
  ]);
  await checkSettled(page, "catalog-journey-editor");

  // The JSON view: a parse error keeps it open; valid JSON becomes rows and is saved.
  await page.getByRole("button", { name: "JSON view" }).click();
  const json = page.getByLabel("Steps as JSON");
  await expect(json).toHaveValue(/"expect_text"/);
  await checkSettled(page, "catalog-journey-json");
  await json.fill("[{");
  await page.getByRole("button", { name: "Back to rows" }).click();
  await expect(page.getByText(/Not valid JSON/)).toBeVisible();
  await json.fill(
    JSON.stringify([
      { action: "goto", path: "/cart" },
      { action: "click", text: "Pay" },
      { action: "wait", ms: 250 },
    ]),
  );
  await page.getByRole("button", { name: "Back to rows" }).click();
  await expect(
    page.getByRole("group", { name: "Step 1" }).getByLabel("Path"),
  ).toHaveValue("/cart");
  await expect(
    page.getByRole("group", { name: "Step 2" }).getByLabel("Action"),
  ).toHaveValue("click_text");
  await expect(
    page.getByRole("group", { name: "Step 3" }).getByLabel("Duration (ms)"),
  ).toHaveValue("250");
  await page.getByRole("button", { name: "Save journey" }).click();
  await expect(page.getByText("Saved Checkout")).toBeVisible();
  const afterJson = await (
    await page.request.get(`/api/v1/journeys/${journeyId}`)
  ).json();
  expect(afterJson.steps).toEqual([
    { action: "goto", path: "/cart" },
    { action: "click", text: "Pay" },
    { action: "wait", ms: 250 },
  ]);

  // A second journey (through the API) and the list with both.
  const browse = await (
    await page.request.post("/api/v1/journeys", {
      // Session-cookie writes must say where they come from (same-origin only).
      headers: { origin: new URL(page.url()).origin },
      data: {
        project_id: projects.data[0]!.id,
        name: "Browse",
        steps: [{ action: "goto", path: "/products" }],
      },
    })
  ).json();
  await page.goto("/journeys");
  await expect(page.getByRole("link", { name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Browse/ })).toContainText(
    "1 step",
  );
  await expect(page.getByRole("row", { name: /Checkout/ })).toContainText(
    "No recent run",
  );
  await checkSettled(page, "catalog-journeys");

  // Test plans: two journeys, reordered, saved; the API has them in that order.
  await page.goto("/test-plans");
  await expect(page.getByText("No test plans yet")).toBeVisible();
  await checkSettled(page, "catalog-test-plans-empty");
  await page.getByRole("button", { name: "New test plan" }).first().click();
  const planDialog = page.getByRole("dialog", { name: "New test plan" });
  await planDialog.getByLabel("Name").fill("Purchase");
  await planDialog.getByRole("checkbox", { name: "Checkout" }).check();
  await planDialog.getByRole("checkbox", { name: "Browse" }).check();
  await expect(planDialog.getByText("2 agents a run")).toBeVisible();
  await planDialog.getByRole("button", { name: "Move Browse up" }).click();
  await expect(
    planDialog
      .getByRole("list", { name: "Run order" })
      .getByRole("listitem")
      .first(),
  ).toContainText("Browse");
  await checkSettled(page, "catalog-test-plan-dialog");
  await planDialog.getByRole("button", { name: "Create test plan" }).click();
  await expect(planDialog).toBeHidden();
  await expect(page.getByRole("row", { name: /Purchase/ })).toContainText(
    "Browse → Checkout",
  );
  const plans: Listed<{ name: string; journey_ids: string[] }> = await (
    await page.request.get("/api/v1/test-plans")
  ).json();
  expect(plans.data.map((p) => [p.name, p.journey_ids])).toEqual([
    ["Purchase", [browse.id, journeyId]],
  ]);
  await checkSettled(page, "catalog-test-plans");

});
