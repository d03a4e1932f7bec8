import { digestCounts, visibleFindings, type DigestContent } from "./content";

export const SUBJECT_MAX = 200;

/** Control characters (CR/LF included) and runs of whitespace become one space: a subject is one header line. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, " ").trim();
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Cut to at most `max` UTF-16 units on a code-point boundary, with an ellipsis when cut. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  let out = "";
  for (const p of points) {
    if (out.length + p.length > max - 1) break;
    out += p;
  }
  return `${out.trimEnd()}…`;
}

/**
 * The inbox line a QA lead triages from:
 * - `"<name>: nothing ran"` when there are no agents;
 * - `"<name>: all 12 passed"` when every agent passed;
 * - otherwise the failed / errored counts (when > 0), plus cancelled / unfinished ones, e.g.
 *   `"Nightly checkout: 2 failed, 1 errored"`;
 * then, in both of the last two cases, the number of findings at the highest visible severity
 * when that is high or critical (`"1 critical finding"`, `"3 high findings"`).
 * At most 200 characters: the schedule name is shortened, never the counts.
 */
export function digestSubject(c: DigestContent): string {
  const counts = digestCounts(c);
  const parts: string[] = [];
  if (counts.total === 0) {
    parts.push("nothing ran");
  } else if (counts.passed === counts.total) {
    parts.push(`all ${counts.total} passed`);
  } else {
    if (counts.failed > 0) parts.push(`${counts.failed} failed`);
    if (counts.errored > 0) parts.push(`${counts.errored} errored`);
    const cancelled = c.agents.filter((a) => a.status === "cancelled").length;
    const unfinished = c.agents.filter((a) => a.status === "queued" || a.status === "running").length;
    if (cancelled > 0) parts.push(`${cancelled} cancelled`);
    if (unfinished > 0) parts.push(`${unfinished} unfinished`);
  }
  const top = visibleFindings(c)[0];
  if (top && (top.severity === "high" || top.severity === "critical")) {
    parts.push(plural(top.findings.length, `${top.severity} finding`, `${top.severity} findings`));
  }
  const tail = `: ${parts.join(", ")}`;
  const name = oneLine(c.schedule.name) || "Schedule";
  const room = Math.max(1, SUBJECT_MAX - tail.length);
  return cut(`${cut(name, room)}${tail}`, SUBJECT_MAX);
}
