// The schedule summary the header, the list and the editor show: the words must say what the engine does.
import { describe, expect, it } from "vitest";
import { budgetInWords, cadenceInWords, daysInWords, hoursInWords, scheduleSummary } from "@/components/schedules/summary";

describe("schedules in words", () => {
  it("names the usual day sets and lists the rest in week order", () => {
    expect(daysInWords([1, 2, 3, 4, 5, 6, 7])).toBe("Every day");
    expect(daysInWords([5, 4, 3, 2, 1])).toBe("Weekdays");
    expect(daysInWords([7, 6])).toBe("Weekends");
    expect(daysInWords([5, 1, 3])).toBe("Mon, Wed, Fri");
  });

  it("says hours as weeks or days when they divide", () => {
    expect(hoursInWords(168)).toBe("1 week");
    expect(hoursInWords(336)).toBe("2 weeks");
    expect(hoursInWords(24)).toBe("1 day");
    expect(hoursInWords(120)).toBe("5 days");
    expect(hoursInWords(36)).toBe("36 h");
  });

  it("says daily cadences 'at', shorter intervals 'from … every'", () => {
    const base = { run_days: [1, 2, 3, 4, 5], run_time: "09:00", timezone: "Europe/Berlin" };
    expect(cadenceInWords({ ...base, tick_interval_hours: 24 })).toBe("Weekdays at 09:00 Europe/Berlin");
    expect(cadenceInWords({ ...base, tick_interval_hours: 48 })).toBe("Weekdays at 09:00 Europe/Berlin, every 2 days");
    expect(cadenceInWords({ ...base, tick_interval_hours: 6 })).toBe("Weekdays from 09:00 Europe/Berlin, every 6 h");
  });

  it("shows the auto budget's resolved value and a fixed one as is", () => {
    expect(budgetInWords(null, 2)).toBe("auto · 2 agents a tick");
    expect(budgetInWords(1, 5)).toBe("1 agent a tick");
    expect(
      scheduleSummary(
        { run_days: [1, 2, 3, 4, 5], run_time: "09:00", timezone: "Europe/Berlin", tick_interval_hours: 24, coverage_window_hours: 120, daily_budget: null },
        2,
      ),
    ).toBe("Weekdays at 09:00 Europe/Berlin — every journey at least every 5 days; auto · 2 agents a tick");
  });
});
