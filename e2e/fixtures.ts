// What every browser test shares: sign-in (the seeded demo person, or a fresh person with a workspace
// of their own), a check that no page logged a console error, an axe-core scan of a page (no serious
// or critical violations), and a full-page screenshot kept as an artifact.
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { E2E_DATA_PATH } from "./env";

export { expect };

export type Person = { email: string; password: string };

export function demoPerson(): Person {
  const [email, password] = fs.readFileSync(path.join(E2E_DATA_PATH, "demo-sign-in.txt"), "utf8").trim().split("\n");
  return { email: email!, password: password! };
}

export async function signIn(page: Page, person: Person = demoPerson()) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
}

/** A new person, and with them a new, empty workspace. */
export async function signUpFresh(page: Page, name = "Fresh tester"): Promise<Person> {
  const person = { email: `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`, password: "e2e password 123" };
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  return person;
}

const AXE = fs.readFileSync(path.resolve(import.meta.dirname, "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Inject axe-core and fail on any serious or critical violation; save a screenshot of the page. */
export async function checkPage(page: Page, name: string) {
  await page.addScriptTag({ content: AXE });
  const violations: AxeViolation[] = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    // iframes: false: the only frames are emails shown in sandbox="" frames (no script runs there,
    // axe included), and an email's markup is the template's, checked by its own tests.
    const result = await window.axe.run(document, { resultTypes: ["violations"], iframes: false });
    return result.violations;
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
    `axe on ${name}`,
  ).toEqual([]);
  await screenshot(page, name);
}

export async function screenshot(page: Page, name: string) {
  const dir = path.resolve(import.meta.dirname, "..", "test-results", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Every test fails if a page it opened logged a console error or threw. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        // The one expected refusal: a sandboxed email frame (sandbox="") running no script is the point.
        if (msg.type() === "error" && !/^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(msg.text())) {
          errors.push(msg.text());
        }
      });
      page.on("pageerror", (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
