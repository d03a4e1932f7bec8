"use client";
// Each item's longest expected gap between runs against the coverage window: the question "will
// every journey be covered?" answered item by item.
import type { ScheduleCalendar } from "@/components/data/types";
import type { useItemNames } from "@/components/runs/item-names";
import { Card, CardHeader } from "@/components/ui/card";
import { Pill } from "@/components/ui/pill";
import { Term } from "@/components/ui/tooltip";

export function GapTable({ cal, windowHours, names }: { cal: ScheduleCalendar; windowHours: number; names: ReturnType<typeof useItemNames> }) {
  return (
    <Card className="mt-6">
      <CardHeader
        title="Expected gaps"
        description={
          <>
            Each item&apos;s longest expected time between runs against the{" "}
            <Term explain="Every item should run at least once within this many hours">{windowHours} h coverage window</Term>
          </>
        }
      />
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-muted">
            <tr className="border-b border-line">
              <th scope="col" className="px-4 py-2 font-medium">Item</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Priority</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Runs in {cal.days} days</th>
              <th scope="col" className="w-2/5 px-4 py-2 font-medium">Longest expected gap</th>
              <th scope="col" className="px-4 py-2 font-medium">Coverage</th>
            </tr>
          </thead>
          <tbody>
            {cal.items.map((i) => {
              const gap = i.expected_gap_hours;
              const share = gap == null ? 0 : gap / windowHours;
              const tone = gap == null ? "idle" : share > 1 ? "bad" : share >= 0.5 ? "warn" : "ok";
              return (
                <tr key={i.item_id} className="border-b border-line last:border-0">
                  <td className="px-4 py-2 font-medium">
                    {names.item(i)}
                    {i.test_plan_id && <span className="ml-1.5 text-xs font-normal text-muted">test plan · {i.cost} agents</span>}
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{i.priority}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{i.runs}</td>
                  <td className="px-4 py-2">
                    <div className="flex items-center gap-2">
                      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-surface-2" aria-hidden="true">
                        <div className={`h-full rounded-full ${tone === "bad" ? "bg-bad" : tone === "warn" ? "bg-warn" : "bg-ok"}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
                      </div>
                      <span className="w-28 text-right text-xs tabular-nums text-muted">{gap == null ? "nothing to run" : `${Math.round(gap)} h of ${windowHours} h`}</span>
                    </div>
                  </td>
                  <td className="px-4 py-2">{gap == null ? <Pill tone="idle">n/a</Pill> : share > 1 ? <Pill tone="bad">Over</Pill> : <Pill tone="ok">OK</Pill>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
