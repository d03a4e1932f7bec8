import type { Page } from "@playwright/test";
import { checkPage, expect, signIn, test } from "./fixtures";

/** The demo's schedule, found through the API the UI uses (the list page belongs to another tab). */
async function dailyRegressionId(page: Page): Promise<string> {
  const res = await page.request.get("/api/v1/schedules");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { data: { id: string; name: string }[] };
  const schedule = body.data.find((s) => s.name === "Daily regression");
  expect(schedule, "the demo's schedule").toBeTruthy();
  return schedule!.id;
}

test("the digest tab edits digest_config with a live preview, sends now, and the Outbox shows the email", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  const id = await dailyRegressionId(page);
  await page.goto(`/schedules/${id}/digest`);

  // The live preview: the subject above a sandboxed frame holding the email.
  const subject = page.getByTestId("preview-subject");
  await expect(subject).toContainText("Daily regression");
  const frame = page.locator('iframe[title="Email preview"]');
  await expect(frame).toHaveAttribute("sandbox", "");
  // The frame runs no script, so its document is checked as the HTML it was given.
  await expect(frame).toHaveAttribute("srcdoc", /<html[\s\S]*Daily regression/);
  await checkPage(page, "digest-tab");

  // Edit: add lead@, remove qa@, on failure, high and above.
  const recipients = page.getByLabel("Recipients", { exact: true }).and(page.getByRole("textbox"));
  await recipients.fill("lead@example.com");
  await recipients.press("Enter");
  await expect(page.getByRole("button", { name: "Remove lead@example.com" })).toBeVisible();
  await page.getByRole("button", { name: "Remove qa@example.com" }).click();
  await expect(page.getByRole("button", { name: "Remove qa@example.com" })).toHaveCount(0);
  await page.getByRole("radio", { name: /On failure/ }).check();
  await page.getByLabel("Minimum severity").selectOption("high");
  const save = page.getByRole("button", { name: "Save", exact: true });
  await save.click();
  await expect(page.getByText("Digest saved: 1 recipient")).toBeVisible();
  await expect(save).toBeDisabled();

  await page.reload();
  await expect(page.getByRole("button", { name: "Remove lead@example.com" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove qa@example.com" })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /On failure/ })).toBeChecked();
  await expect(page.getByLabel("Minimum severity")).toHaveValue("high");

  const saved = await (await page.request.get(`/api/v1/schedules/${id}`)).json();
  expect(saved.digest_config).toEqual({ enabled: true, recipients: ["lead@example.com"], send: "on_failure", min_severity: "high" });

  // An invalid address is refused next to the field, and Save stays off.
  await page.getByRole("radio", { name: /Always/ }).check();
  await expect(save).toBeEnabled();
  await recipients.fill("not-an-email");
  await recipients.press("Enter");
  await expect(page.getByText('"not-an-email" is not an email address')).toBeVisible();
  await expect(save).toBeDisabled();
  await expect(page.getByRole("button", { name: "Remove not-an-email" })).toHaveCount(0);
  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(save).toBeDisabled();

  // A completed run to report on: trigger a tick and wait for its agents.
  const origin = new URL(page.url()).origin;
  const trigger = await page.request.post(`/api/v1/schedules/${id}/trigger`, { headers: { origin } });
  expect(trigger.status()).toBe(200);
  await expect
    .poll(
      async () => {
        const runs = await (await page.request.get(`/api/v1/schedules/${id}/runs?limit=5`)).json();
        return (runs.data as { status: string }[]).some((r) => r.status === "completed");
      },
      { timeout: 180_000, intervals: [2_000] },
    )
    .toBe(true);

  await page.getByRole("button", { name: "Send digest now", exact: true }).click();
  await expect(page.getByText("Digest sent to lead@example.com")).toBeVisible();

  // The Outbox lists it; opening it shows the email as the recipient sees it.
  await page.goto("/outbox");
  const row = page.getByRole("row").filter({ hasText: "lead@example.com" }).first();
  await expect(row).toBeVisible();
  await checkPage(page, "outbox");
  await row.getByRole("button").first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("To lead@example.com");
  const email = dialog.locator('iframe[title="Email as the recipient sees it"]');
  await expect(email).toHaveAttribute("sandbox", "");
  await expect(email).toHaveAttribute("srcdoc", /<html[\s\S]*Daily regression/);
  await checkPage(page, "outbox-message");
  await dialog.getByRole("switch", { name: "Plain text" }).click();
  await expect(dialog.getByLabel("Plain-text version")).toContainText("Daily regression");
});
