import type { DigestContent } from "./content";

/**
 * A realistic digest for the preview server (emails/digest.tsx) and tests: one nightly run of six
 * journeys, four passed, one failed with a high finding, one errored, and a medium and a low finding.
 */
export function sampleDigest(): DigestContent {
  return {
    schedule: { id: "7c1e2a4b-0d5f-4e4a-9b1c-2f6d8e0a1b2c", name: "Nightly checkout", timezone: "Europe/Berlin" },
    projectName: "Acme Shop",
    runs: [
      {
        id: "3f9a8b7c-6d5e-4f3a-8b2c-1d0e9f8a7b6c",
        trigger: "cron",
        startedAt: new Date("2026-11-25T08:00:00Z"),
        finishedAt: new Date("2026-11-25T08:04:12Z"),
      },
    ],
    agents: [
      {
        id: "a1000000-0000-4000-8000-000000000001",
        journeyName: "Guest checkout with card",
        status: "failed",
        durationMs: 48_230,
        error: 'Step 5 failed: expect_text "Thank you for your order" not found within 5 s',
        findings: [
          {
            severity: "high",
            title: 'Step 5 failed: expect_text "Thank you for your order"',
            detail: "The confirmation page rendered an empty order summary after payment.",
            step: 5,
          },
          {
            severity: "low",
            title: "Console warning on /cart",
            detail: "Warning: Each child in a list should have a unique \"key\" prop.",
            step: 2,
          },
        ],
      },
      {
        id: "a1000000-0000-4000-8000-000000000002",
        journeyName: "Apply discount code",
        status: "error",
        durationMs: 30_000,
        error: "Navigation to https://shop.example.com/cart timed out after 30 s",
        findings: [],
      },
      {
        id: "a1000000-0000-4000-8000-000000000003",
        journeyName: "Sign up and verify email",
        status: "passed",
        durationMs: 21_480,
        error: null,
        findings: [
          {
            severity: "medium",
            title: "Step 3 was slow: 4.2 s (budget 2.0 s)",
            detail: "Submitting the sign-up form took longer than the step budget.",
            step: 3,
          },
        ],
      },
      {
        id: "a1000000-0000-4000-8000-000000000004",
        journeyName: "Search and filter products",
        status: "passed",
        durationMs: 12_905,
        error: null,
        findings: [],
      },
      {
        id: "a1000000-0000-4000-8000-000000000005",
        journeyName: "Log in and view orders",
        status: "passed",
        durationMs: 9_310,
        error: null,
        findings: [],
      },
      {
        id: "a1000000-0000-4000-8000-000000000006",
        journeyName: "Add to wishlist",
        status: "passed",
        durationMs: 7_640,
        error: null,
        findings: [],
      },
    ],
    minSeverity: "low",
    appUrl: "https://rota.example.com",
  };
}
