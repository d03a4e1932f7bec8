// The items board: drag from the library into the list with the mouse, reorder with the mouse and
// with the keyboard, and see the order in the list after a reload and through the API.
import type { Locator, Page } from "@playwright/test";
import { checkPage, expect, signUpFresh, test } from "./fixtures";
import { E2E_URL } from "./env";

type Created = { id: string };

async function create<T = Created>(page: Page, path: string, data: unknown): Promise<T> {
  // Cookie-authenticated writes must say where they come from (same-origin rule of the API).
  const res = await page.request.post(path, { data, headers: { origin: E2E_URL } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as T;
}

/** Press on a handle, move in steps (dnd-kit starts a drag after 4 px), release over the target. */
async function mouseDrag(page: Page, handle: Locator, target: Locator, where: "top" | "middle" | "bottom") {
  const from = (await handle.boundingBox())!;
  await target.scrollIntoViewIfNeeded();
  const to = (await target.boundingBox())!;
  const sx = from.x + from.width / 2;
  const sy = from.y + from.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 8, sy + 8, { steps: 4 });
  const y = where === "top" ? to.y + to.height * 0.25 : where === "bottom" ? to.y + to.height * 0.75 : to.y + to.height / 2;
  await page.mouse.move(to.x + Math.min(60, to.width / 4), y, { steps: 20 });
  await page.mouse.move(to.x + Math.min(60, to.width / 4), y + 1, { steps: 2 });
  await page.mouse.up();
}

const rows = (page: Page) => page.getByTestId("board-item");
const rowNames = (page: Page) => rows(page).locator("p.truncate").allTextContents();
const libraryCard = (page: Page, name: string) => page.getByTestId("library-card").filter({ has: page.getByText(name, { exact: true }) });

test("the items board: drag in, reorder by mouse and keyboard, order persists, remove, preview", async ({ page }) => {
  test.setTimeout(180_000); // three drags, two reorders and a reload on a shared two-core machine
  await signUpFresh(page, "Board tester");
  const project = await create(page, "/api/v1/projects", { name: "Board shop", base_url: "https://shop.example.com" });
  const journey = (name: string, steps: number) =>
    create(page, "/api/v1/journeys", {
      project_id: project.id,
      name,
      steps: Array.from({ length: steps }, (_, i) => ({ action: "goto", path: `/${name.toLowerCase()}/${i}` })),
    });
  const checkout = await journey("Checkout", 3);
  const login = await journey("Login", 1);
  await journey("Search", 2);
  await create(page, "/api/v1/test-plans", { project_id: project.id, name: "Purchase flow", journey_ids: [checkout.id, login.id] });
  const schedule = await create(page, "/api/v1/schedules", { project_id: project.id, name: "Board regression", daily_budget: 3 });

  await page.goto(`/schedules/${schedule.id}/items`);
  await expect(page.getByText("Drag journeys here from the library, or press Add.")).toBeVisible();
  await expect(libraryCard(page, "Purchase flow")).toContainText("2 agents");
  await expect(libraryCard(page, "Checkout")).toContainText("3 steps");

  // The library's search and kind filter.
  await page.getByLabel("Search the library").fill("log");
  await expect(page.getByTestId("library-card")).toHaveCount(1);
  await page.getByLabel("Search the library").fill("");
  await page.getByLabel("Kind").selectOption("plan");
  await expect(page.getByTestId("library-card")).toHaveCount(1);
  await page.getByLabel("Kind").selectOption("all");
  await expect(page.getByTestId("library-card")).toHaveCount(4);

  // Mouse: Checkout into the empty list, Login below it, the plan above both.
  const list = page.getByRole("region", { name: "Prioritized list" });
  await mouseDrag(page, page.getByRole("button", { name: "Drag Checkout into the schedule" }), list.getByText("No items yet"), "middle");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).locator("button[disabled]")).toHaveCount(0);
  await expect(libraryCard(page, "Checkout")).toContainText("In schedule");
  await mouseDrag(page, page.getByRole("button", { name: "Drag Login into the schedule" }), rows(page).nth(0), "bottom");
  await expect(libraryCard(page, "Login")).toContainText("In schedule");
  await expect.poll(() => rowNames(page)).toEqual(["Checkout", "Login"]);
  await expect(rows(page).locator("button[disabled]")).toHaveCount(0); // the writes have landed
  await mouseDrag(page, page.getByRole("button", { name: "Drag Purchase flow into the schedule" }), rows(page).nth(0), "top");
  await expect(libraryCard(page, "Purchase flow")).toContainText("In schedule");
  await expect.poll(() => rowNames(page)).toEqual(["Purchase flow", "Checkout", "Login"]);
  await expect(page.getByRole("button", { name: "Drag Checkout into the schedule" })).toBeDisabled();
  await expect(rows(page).locator("button[disabled]")).toHaveCount(0); // the writes have landed

  // Mouse reorder: Login onto the first row goes to the top.
  await mouseDrag(page, page.getByRole("button", { name: "Drag Login", exact: true }), rows(page).nth(0), "middle");
  await expect.poll(() => rowNames(page)).toEqual(["Login", "Purchase flow", "Checkout"]);

  // Keyboard reorder: Space picks up, ArrowDown moves, Space drops (each step waits for its announcement).
  const live = page.locator('[id^="DndLiveRegion"]');
  const handle = page.getByRole("button", { name: "Drag Login", exact: true });
  await handle.focus();
  await page.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await expect(live).toContainText("Picked up Login, position 1 of 3");
  await page.keyboard.press("ArrowDown");
  await expect(live).toContainText("Login was moved over position 2");
  await page.keyboard.press("Space");
  await expect(live).toContainText("Login was dropped at position 2");
  await expect.poll(() => rowNames(page)).toEqual(["Purchase flow", "Login", "Checkout"]);
  await expect(rows(page).first()).toContainText("1");
  await expect(rows(page).first()).toContainText("Test plan");
  await expect(rows(page).first()).toContainText("2 agents");
  await expect(rows(page).first()).toContainText("Never run");
  // Said once: the staleness bar has no word of its own for a row never run.
  await expect(rows(page).first().getByText("Never run", { exact: true })).toHaveCount(1);

  // Saved: after a reload, and through the API (priority, highest first).
  await expect(rows(page).locator("button[disabled]")).toHaveCount(0);
  await expect
    .poll(async () => {
      const s = (await (await page.request.get(`/api/v1/schedules/${schedule.id}`)).json()) as { items: { test_plan_id?: string }[] };
      return s.items[0]?.test_plan_id !== undefined;
    })
    .toBe(true);
  await page.reload();
  await expect.poll(() => rowNames(page)).toEqual(["Purchase flow", "Login", "Checkout"]);
  const api = (await (await page.request.get(`/api/v1/schedules/${schedule.id}`)).json()) as {
    items: { journey_id?: string; test_plan_id?: string; priority: number }[];
  };
  const byPriority = [...api.items].sort((a, b) => b.priority - a.priority).map((it) => it.test_plan_id ? "plan" : it.journey_id === login.id ? "Login" : it.journey_id === checkout.id ? "Checkout" : "?");
  expect(byPriority).toEqual(["plan", "Login", "Checkout"]);

  // Remove: the row goes, the library offers it again.
  await page.getByRole("button", { name: "Remove Checkout" }).click();
  await expect.poll(() => rowNames(page)).toEqual(["Purchase flow", "Login"]);
  await expect(libraryCard(page, "Checkout").getByRole("button", { name: "Add Checkout" })).toBeVisible();
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/schedules/${schedule.id}`)).json()) as { items: unknown[] }).items.length)
    .toBe(2);

  // The next tick: what would run, and why.
  const nextTick = page.getByTestId("next-tick");
  await expect(nextTick).toContainText(/A tick now would run: .*\(\d of 3 agents\)/);
  await expect(nextTick).toContainText("Purchase flow");
  // The confirmations' toasts are the shared Toaster's; let them go before the page is scanned.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 20_000 });
  await page.getByRole("button", { name: "Why?" }).click();
  const dialog = page.getByRole("dialog", { name: "Why these items" });
  await expect(dialog).toContainText("Selected");
  await expect(dialog).toContainText("never run");
  // Focus lands on the dialog's Close button, not on the explainer's term (whose tooltip would open).
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await expect(page.getByRole("tooltip")).toHaveCount(0);
  await checkPage(page, "items-board-why");
  await page.keyboard.press("Escape");
  await checkPage(page, "items-board");
});
