import {
  Body,
  Column,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Row,
  Section,
  Text,
} from "@react-email/components";
import type { CSSProperties } from "react";
import type { Severity } from "@/lib/db/schema";
import {
  agentUrl,
  agentsFailingFirst,
  digestCounts,
  digestWhen,
  formatDuration,
  scheduleUrl,
  STATUS_LABEL,
  visibleFindings,
  type DigestAgent,
  type DigestContent,
} from "./content";
import { digestSubject } from "./subject";

// Every surface sets both its background and its text colour, so a client that inverts or
// darkens the email (Gmail and Outlook apps) never leaves light text on a light background, and
// clients that honour prefers-color-scheme get the explicit dark palette below.
const C = {
  page: "#f3f4f6",
  card: "#ffffff",
  text: "#1f2328",
  muted: "#57606a",
  border: "#d0d7de",
  link: "#0550ae",
};

const STATUS_COLOURS: Record<DigestAgent["status"], { fg: string; bg: string }> = {
  passed: { fg: "#116329", bg: "#dafbe1" },
  failed: { fg: "#a40e26", bg: "#ffebe9" },
  error: { fg: "#7d4e00", bg: "#fff8c5" },
  cancelled: { fg: "#424a53", bg: "#eaeef2" },
  queued: { fg: "#424a53", bg: "#eaeef2" },
  running: { fg: "#0550ae", bg: "#ddf4ff" },
};

const SEVERITY_COLOURS: Record<Severity, { fg: string; bg: string }> = {
  critical: { fg: "#82071e", bg: "#ffebe9" },
  high: { fg: "#953800", bg: "#fff1e5" },
  medium: { fg: "#7d4e00", bg: "#fff8c5" },
  low: { fg: "#0550ae", bg: "#ddf4ff" },
  info: { fg: "#424a53", bg: "#eaeef2" },
};

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

const DARK_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .rota-page, .rota-page > table > tbody > tr > td { background-color: #0d1117 !important; }
  .rota-card { background-color: #161b22 !important; border-color: #30363d !important; }
  .rota-text { color: #e6edf3 !important; }
  .rota-muted { color: #9da7b3 !important; }
  .rota-link { color: #79c0ff !important; }
  .rota-rule { border-color: #30363d !important; }
}
`;

const font =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

const s = {
  body: { backgroundColor: C.page, color: C.text, fontFamily: font, margin: 0, padding: "24px 0" },
  card: {
    backgroundColor: C.card,
    color: C.text,
    border: `1px solid ${C.border}`,
    borderRadius: "8px",
    maxWidth: "640px",
    padding: "24px",
  },
  eyebrow: { color: C.muted, fontSize: "13px", lineHeight: "18px", margin: "0 0 4px" },
  h1: { color: C.text, fontSize: "22px", lineHeight: "28px", fontWeight: 700, margin: "0 0 4px" },
  h2: { color: C.text, fontSize: "16px", lineHeight: "22px", fontWeight: 700, margin: "24px 0 8px" },
  muted: { color: C.muted, fontSize: "13px", lineHeight: "18px", margin: 0 },
  text: { color: C.text, fontSize: "14px", lineHeight: "20px", margin: 0 },
  link: { color: C.link, textDecoration: "underline" },
  rule: { borderColor: C.border, borderTop: `1px solid ${C.border}`, margin: "20px 0" },
  cell: { padding: "8px 0", borderBottom: `1px solid ${C.border}`, verticalAlign: "top" as const },
} satisfies Record<string, CSSProperties>;

function Pill({ label, fg, bg }: { label: string; fg: string; bg: string }) {
  return (
    <span
      style={{
        backgroundColor: bg,
        color: fg,
        borderRadius: "10px",
        padding: "2px 8px",
        fontSize: "12px",
        lineHeight: "18px",
        fontWeight: 600,
        whiteSpace: "nowrap",
      }}
    >
      {label}
    </span>
  );
}

function Count({ n, label, fg, bg }: { n: number; label: string; fg: string; bg: string }) {
  return (
    <Column align="center" style={{ width: "33%", padding: "0 4px" }}>
      <table
        role="presentation"
        width="100%"
        cellPadding="0"
        cellSpacing="0"
        border={0}
        style={{ backgroundColor: bg, color: fg, borderRadius: "8px" }}
      >
        <tbody>
          <tr>
            <td align="center" style={{ padding: "12px 4px", color: fg, backgroundColor: bg, borderRadius: "8px" }}>
              <div style={{ fontSize: "28px", lineHeight: "32px", fontWeight: 700, color: fg }}>{n}</div>
              <div style={{ fontSize: "13px", lineHeight: "18px", fontWeight: 600, color: fg }}>{label}</div>
            </td>
          </tr>
        </tbody>
      </table>
    </Column>
  );
}

/** Bounded, so one runaway error message cannot bury the rest of the email. */
function clip(text: string, max: number): string {
  const points = Array.from(text.trim());
  return points.length <= max ? points.join("") : `${points.slice(0, max - 1).join("")}…`;
}

function runsLine(c: DigestContent): string {
  if (c.runs.length === 0) return "No run recorded";
  if (c.runs.length === 1) return c.runs[0].trigger === "cron" ? "Scheduled run" : "Manual run";
  return `${c.runs.length} runs`;
}

export function DigestEmail(props: DigestContent) {
  const c = props;
  const counts = digestCounts(c);
  const other = counts.total - counts.passed - counts.failed - counts.errored;
  const when = digestWhen(c);
  const groups = visibleFindings(c);
  const agents = agentsFailingFirst(c);
  const subject = digestSubject(c);

  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{subject}</title>
        <style>{DARK_CSS}</style>
      </Head>
      <Body style={s.body} className="rota-page">
        <Preview>{subject}</Preview>
        <Container style={s.card} className="rota-card">
          <Section>
            <Text style={s.eyebrow} className="rota-muted">
              Rota digest · {c.projectName}
            </Text>
            <Heading as="h1" style={s.h1} className="rota-text">
              {c.schedule.name}
            </Heading>
            <Text style={s.muted} className="rota-muted">
              {runsLine(c)}
              {when ? `, ${when}` : ""}
            </Text>
          </Section>

          <Section style={{ marginTop: "20px" }}>
            {/* The boxes read badly as plain text ("4\npassed"); the caption below says the same in a line. */}
            <Row data-skip-in-text="true">
              <Count n={counts.passed} label="passed" {...STATUS_COLOURS.passed} />
              <Count n={counts.failed} label="failed" {...STATUS_COLOURS.failed} />
              <Count n={counts.errored} label="errored" {...STATUS_COLOURS.error} />
            </Row>
            <Text style={{ ...s.muted, marginTop: "8px", textAlign: "center" }} className="rota-muted">
              {counts.total} {counts.total === 1 ? "journey" : "journeys"}: {counts.passed} passed, {counts.failed} failed,{" "}
              {counts.errored} errored{other > 0 ? `, ${other} cancelled or unfinished` : ""}
            </Text>
          </Section>

          <Heading as="h2" style={s.h2} className="rota-text">
            Journeys
          </Heading>
          {agents.length === 0 ? (
            <Text style={s.text} className="rota-text">
              Nothing ran.
            </Text>
          ) : (
            <Section>
              {agents.map((a) => (
                <Row key={a.id}>
                  <Column style={{ ...s.cell, width: "88px" }} className="rota-rule">
                    <Pill label={STATUS_LABEL[a.status]} {...STATUS_COLOURS[a.status]} />
                  </Column>
                  <Column style={s.cell} className="rota-rule">
                    <Text style={{ ...s.text, fontWeight: 600 }} className="rota-text">
                      {a.journeyName}
                    </Text>
                    {a.error && a.status !== "passed" ? (
                      <Text style={{ ...s.muted, marginTop: "2px" }} className="rota-muted">
                        {clip(a.error, 300)}
                      </Text>
                    ) : null}
                  </Column>
                  <Column align="right" style={{ ...s.cell, width: "150px", whiteSpace: "nowrap" }} className="rota-rule">
                    <Text style={{ ...s.muted, textAlign: "right" }} className="rota-muted">
                      {formatDuration(a.durationMs)}
                      {" · "}
                      <Link href={agentUrl(c, a.id)} style={s.link} className="rota-link">
                        View agent
                      </Link>
                    </Text>
                  </Column>
                </Row>
              ))}
            </Section>
          )}

          <Heading as="h2" style={s.h2} className="rota-text">
            Findings
          </Heading>
          {c.minSeverity ? (
            <Text style={{ ...s.muted, marginBottom: "8px" }} className="rota-muted">
              {c.minSeverity === "info"
                ? "All severities shown."
                : `${SEVERITY_LABEL[c.minSeverity]} and above; lower ones are left out.`}
            </Text>
          ) : null}
          {groups.length === 0 ? (
            <Text style={s.text} className="rota-text">
              {c.minSeverity && c.minSeverity !== "info"
                ? `No findings at ${c.minSeverity} or above.`
                : "No findings."}
            </Text>
          ) : (
            groups.map((g) => (
              <Section key={g.severity} style={{ marginBottom: "12px" }}>
                <Text style={{ ...s.text, margin: "8px 0 4px" }} className="rota-text">
                  <Pill label={`${SEVERITY_LABEL[g.severity]} (${g.findings.length})`} {...SEVERITY_COLOURS[g.severity]} />
                </Text>
                {g.findings.map((f, i) => (
                  <Row key={`${f.agentId}-${i}`}>
                    <Column style={s.cell} className="rota-rule">
                      <Text style={{ ...s.text, fontWeight: 600 }} className="rota-text">
                        {clip(f.title, 200)}
                      </Text>
                      <Text style={s.muted} className="rota-muted">
                        <Link href={agentUrl(c, f.agentId)} style={s.link} className="rota-link">
                          {f.journeyName}
                        </Link>
                        {f.step !== null ? ` · step ${f.step}` : ""}
                      </Text>
                      {f.detail.trim() ? (
                        <Text style={{ ...s.muted, marginTop: "2px" }} className="rota-muted">
                          {clip(f.detail, 500)}
                        </Text>
                      ) : null}
                    </Column>
                  </Row>
                ))}
              </Section>
            ))
          )}

          <Hr style={s.rule} className="rota-rule" />
          <Text style={s.muted} className="rota-muted">
            <Link href={scheduleUrl(c)} style={s.link} className="rota-link">
              Open the schedule “{c.schedule.name}” in Rota
            </Link>{" "}
            to change its digest recipients or settings.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export default DigestEmail;
