"use client";
// Agents per day over the last 30 days, stacked by result. The chart is an image to assistive tech
// (role="img" with a summary); the table under it, visually hidden, carries the numbers.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ScheduleRun } from "@/components/data/types";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { useRecentRuns } from "./use-runs";
import { dayKey, dayLabel, lastDays } from "./zone-days";
import { plural } from "./words";

const DAYS = 30;
type Day = { key: string; label: string; passed: number; failed: number; error: number; runs: number };

export function perDay(runs: ScheduleRun[], timeZone: string, now = Date.now()): Day[] {
  const days = new Map<string, Day>(lastDays(DAYS, timeZone, now).map((key) => [key, { key, label: dayLabel(key, { weekday: false }), passed: 0, failed: 0, error: 0, runs: 0 }]));
  for (const r of runs) {
    const d = days.get(dayKey(r.started_at, timeZone));
    if (!d) continue;
    d.passed += r.agents.passed;
    d.failed += r.agents.failed;
    d.error += r.agents.error;
    d.runs += 1;
  }
  return [...days.values()];
}

export function RunsChart({ scheduleId, timeZone }: { scheduleId: string; timeZone: string }) {
  const { data, error, refetch, isPending } = useRecentRuns(scheduleId, DAYS);
  const days = data ? perDay(data, timeZone) : [];
  const total = days.reduce((t, d) => ({ passed: t.passed + d.passed, failed: t.failed + d.failed, error: t.error + d.error, runs: t.runs + d.runs }), { passed: 0, failed: 0, error: 0, runs: 0 });
  const summary = `Last ${DAYS} days: ${plural(total.runs, "run")}; agents ${total.passed} passed, ${total.failed} failed, ${total.error} errored.`;

  return (
    <Card className="mb-6">
      <CardHeader title="Agents per day" description={`Passed, failed and errored agents a day over the last ${DAYS} days (${timeZone})`} />
      <div className="p-4">
        {error ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : isPending ? (
          <div role="status" aria-label="Loading the chart">
            <Skeleton className="h-48 w-full" />
          </div>
        ) : (
          <figure>
            <div role="img" aria-label={summary} className="h-48 w-full">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={days} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
                  <CartesianGrid vertical={false} stroke="var(--line)" />
                  <XAxis dataKey="label" tick={{ fill: "var(--muted)", fontSize: 11 }} tickLine={false} axisLine={{ stroke: "var(--line)" }} interval={4} />
                  <YAxis allowDecimals={false} tick={{ fill: "var(--muted)", fontSize: 11 }} tickLine={false} axisLine={false} />
                  <Tooltip
                    cursor={{ fill: "var(--surface-2)" }}
                    contentStyle={{ background: "var(--surface)", border: "1px solid var(--line)", borderRadius: 6, fontSize: 12, color: "var(--fg)" }}
                  />
                  <Bar dataKey="passed" name="Passed" stackId="agents" isAnimationActive={false} fill="var(--ok)" />
                  <Bar dataKey="failed" name="Failed" stackId="agents" isAnimationActive={false} fill="var(--bad)" />
                  <Bar dataKey="error" name="Errored" stackId="agents" isAnimationActive={false} fill="var(--warn)" radius={[2, 2, 0, 0]} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
              <Legend swatch="bg-ok" label={`Passed (${total.passed})`} />
              <Legend swatch="bg-bad" label={`Failed (${total.failed})`} />
              <Legend swatch="bg-warn" label={`Errored (${total.error})`} />
              <span className="ml-auto">{plural(total.runs, "run")} in {DAYS} days</span>
            </figcaption>
            <table className="sr-only">
              <caption>Agents per day by result, last {DAYS} days</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Passed</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Errored</th>
                </tr>
              </thead>
              <tbody>
                {days
                  .filter((d) => d.runs > 0)
                  .map((d) => (
                    <tr key={d.key}>
                      <th scope="row">{dayLabel(d.key)}</th>
                      <td>{d.passed}</td>
                      <td>{d.failed}</td>
                      <td>{d.error}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </figure>
        )}
      </div>
    </Card>
  );
}

function Legend({ swatch, label }: { swatch: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm ${swatch}`} />
      {label}
    </span>
  );
}
