import { describe, expect, it } from "vitest";
import { digestCounts, digestWhen, visibleFindings, type DigestAgent, type DigestContent } from "./content";
import { renderDigest } from "./render";
import { sampleDigest } from "./sample";
import { digestSubject } from "./subject";

let n = 0;
function agent(status: DigestAgent["status"], over: Partial<DigestAgent> = {}): DigestAgent {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    journeyName: `Journey ${n}`,
    status,
    durationMs: 1_000,
    error: status === "passed" ? null : "it broke",
    findings: [],
    ...over,
  };
}

function content(over: Partial<DigestContent> = {}): DigestContent {
  return { ...sampleDigest(), ...over };
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe("digestCounts and visibleFindings", () => {
  it("counts passed, failed, errored; everything else only in the total", () => {
    const c = content({
      agents: [agent("passed"), agent("failed"), agent("error"), agent("cancelled"), agent("queued"), agent("running")],
    });
    expect(digestCounts(c)).toEqual({ passed: 1, failed: 1, errored: 1, total: 6 });
  });

  it("groups findings at or above min severity, highest first, with journey and step", () => {
    const groups = visibleFindings(content({ minSeverity: "medium" }));
    expect(groups.map((g) => g.severity)).toEqual(["high", "medium"]);
    expect(groups[0].findings[0]).toMatchObject({ journeyName: "Guest checkout with card", step: 5 });
    const all = visibleFindings(content({ minSeverity: null }));
    expect(all.map((g) => g.severity)).toEqual(["high", "medium", "low"]);
  });
});

describe("renderDigest", () => {
  it("shows journey names and counts in HTML and text", async () => {
    const c = sampleDigest();
    const r = await renderDigest(c);
    for (const a of c.agents) {
      expect(r.html).toContain(a.journeyName);
      expect(r.text).toContain(a.journeyName);
      expect(r.html).toContain(`https://rota.example.com/agents/${a.id}`);
      expect(r.text).toContain(`https://rota.example.com/agents/${a.id}`);
    }
    expect(r.text).toContain("6 journeys: 4 passed, 1 failed, 1 errored");
    expect(r.html).toMatch(/>4<\/div><div[^>]*>passed</);
    expect(r.html).toContain(`https://rota.example.com/schedules/${c.schedule.id}`);
    expect(r.subject).toBe("Nightly checkout: 1 failed, 1 errored, 1 high finding");
  });

  it("lists failing journeys before passing ones", async () => {
    const c = content({
      agents: [agent("passed", { journeyName: "Zeta passes" }), agent("failed", { journeyName: "Alpha fails" })],
    });
    const { html, text } = await renderDigest(c);
    expect(html.indexOf("Alpha fails")).toBeLessThan(html.indexOf("Zeta passes"));
    expect(text.indexOf("Alpha fails")).toBeLessThan(text.indexOf("Zeta passes"));
  });

  it("leaves out findings below min severity", async () => {
    const low = "Console warning on /cart";
    const medium = await renderDigest(content({ minSeverity: "medium" }));
    expect(medium.html).not.toContain(low);
    expect(medium.text).not.toContain(low);
    expect(medium.html).toContain("Step 3 was slow");
    const all = await renderDigest(content({ minSeverity: null }));
    expect(all.html).toContain(low);
    expect(all.text).toContain(low);
    const critical = await renderDigest(content({ minSeverity: "critical" }));
    expect(critical.text).toContain("No findings at critical or above.");
  });

  it("is a whole, balanced HTML document", async () => {
    for (const c of [sampleDigest(), content({ agents: [] }), content({ runs: [] })]) {
      const { html } = await renderDigest(c);
      expect(html.startsWith("<!DOCTYPE html")).toBe(true);
      expect(html.trimEnd().endsWith("</html>")).toBe(true);
      expect(count(html, "<html")).toBe(1);
      expect(count(html, "</html>")).toBe(1);
      expect(count(html, "<body")).toBe(1);
      expect(count(html, "</body>")).toBe(1);
      expect(count(html, "<table")).toBeGreaterThan(0);
      expect(count(html, "<table")).toBe(count(html, "</table>"));
      expect(count(html, "<tr")).toBe(count(html, "</tr>"));
      expect(count(html, "<td")).toBe(count(html, "</td>"));
      expect(html).toContain('name="color-scheme"');
    }
  });

  it("shows the run's time in the schedule's time zone", async () => {
    const c = content({
      schedule: { id: "s1", name: "Berlin nightly", timezone: "Europe/Berlin" },
      runs: [{ id: "r1", trigger: "cron", startedAt: new Date("2026-11-25T08:00:00Z"), finishedAt: null }],
    });
    const { html, text } = await renderDigest(c);
    expect(html).toContain("Wed 25 Nov 2026, 09:00 Europe/Berlin");
    expect(text).toContain("Wed 25 Nov 2026, 09:00 Europe/Berlin");
    const ny = content({
      schedule: { id: "s1", name: "NY", timezone: "America/New_York" },
      runs: c.runs,
    });
    expect(digestWhen(ny)).toBe("Wed 25 Nov 2026, 03:00 America/New_York");
  });

  it("shows the range for several runs, and falls back to UTC for an unknown zone", () => {
    const runs = [
      { id: "r3", trigger: "manual" as const, startedAt: new Date("2026-11-25T20:00:00Z"), finishedAt: null },
      { id: "r2", trigger: "cron" as const, startedAt: new Date("2026-11-25T08:00:00Z"), finishedAt: null },
    ];
    const tz = { id: "s", name: "x", timezone: "Europe/Berlin" };
    expect(digestWhen(content({ schedule: tz, runs }))).toBe("Wed 25 Nov 2026, 09:00 – 21:00 Europe/Berlin");
    const apart = [{ ...runs[0], startedAt: new Date("2026-11-27T08:00:00Z") }, runs[1]];
    expect(digestWhen(content({ schedule: tz, runs: apart }))).toBe(
      "Wed 25 Nov 2026, 09:00 – Fri 27 Nov 2026, 09:00 Europe/Berlin",
    );
    expect(digestWhen(content({ schedule: { ...tz, timezone: "Not/AZone" }, runs: [runs[1]] }))).toBe(
      "Wed 25 Nov 2026, 08:00 UTC",
    );
    expect(digestWhen(content({ runs: [] }))).toBeNull();
  });

  it("escapes names with markup and ampersands", async () => {
    const evil = '<script>alert("x")</script> & Co';
    const c = content({
      projectName: "R&D <b>",
      schedule: { id: "s1", name: evil, timezone: "UTC" },
      agents: [
        agent("failed", {
          journeyName: `<img src=x onerror=alert(1)> & checkout`,
          error: "<script>bad()</script>",
          findings: [{ severity: "high", title: "<script>t()</script>", detail: "a & b", step: 1 }],
        }),
      ],
    });
    const { html, text, subject } = await renderDigest(c);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("R&amp;D");
    expect(html).toContain("&amp; checkout");
    expect(text).toContain("<script>alert"); // plain text carries the name as written
    expect(subject).toBe(`${evil}: 1 failed, 1 high finding`);
  });
});

describe("digestSubject", () => {
  const named = (agents: DigestAgent[], over: Partial<DigestContent> = {}) =>
    content({ schedule: { id: "s", name: "Nightly checkout", timezone: "UTC" }, agents, minSeverity: null, ...over });

  it("all passed", () => {
    expect(digestSubject(named(Array.from({ length: 12 }, () => agent("passed"))))).toBe(
      "Nightly checkout: all 12 passed",
    );
  });

  it("failed, errored and the highest visible severity's count", () => {
    const crit = { severity: "critical" as const, title: "t", detail: "", step: null };
    const agents = [agent("failed", { findings: [crit] }), agent("failed"), agent("error"), agent("passed")];
    expect(digestSubject(named(agents))).toBe("Nightly checkout: 2 failed, 1 errored, 1 critical finding");
  });

  it("plural high findings; no errored part when none errored", () => {
    const high = { severity: "high" as const, title: "t", detail: "", step: 2 };
    const med = { severity: "medium" as const, title: "m", detail: "", step: 2 };
    const agents = [agent("failed", { findings: [high, high, med] }), agent("passed", { findings: [high] })];
    expect(digestSubject(named(agents))).toBe("Nightly checkout: 1 failed, 3 high findings");
  });

  it("medium and below are not in the subject; hidden findings never count", () => {
    const med = { severity: "medium" as const, title: "m", detail: "", step: null };
    const high = { severity: "high" as const, title: "t", detail: "", step: null };
    expect(digestSubject(named([agent("error", { findings: [med] })]))).toBe("Nightly checkout: 1 errored");
    expect(digestSubject(named([agent("failed", { findings: [high] })], { minSeverity: "critical" }))).toBe(
      "Nightly checkout: 1 failed",
    );
  });

  it("nothing ran", () => {
    expect(digestSubject(named([]))).toBe("Nightly checkout: nothing ran");
  });

  it("cancelled or unfinished agents are named when nothing failed", () => {
    expect(digestSubject(named([agent("passed"), agent("cancelled"), agent("running")]))).toBe(
      "Nightly checkout: 1 cancelled, 1 unfinished",
    );
  });

  it("is one line of at most 200 characters and keeps the counts", () => {
    const long = content({
      schedule: { id: "s", name: "x".repeat(500) + "\r\nBcc: evil@example.com", timezone: "UTC" },
      agents: [agent("failed"), agent("error")],
    });
    const s = digestSubject(long);
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s).not.toMatch(/[\r\n]/);
    expect(s.endsWith("…: 1 failed, 1 errored")).toBe(true);
    const crlf = digestSubject(content({ schedule: { id: "s", name: "A\r\nB", timezone: "UTC" }, agents: [] }));
    expect(crlf).toBe("A B: nothing ran");
  });
});
