// INTERIM (replaced by lib/engine/slots once it lands).
import { TZDate } from "@date-fns/tz";
export type SlotConfig = { timezone: string; runTime: string; runDays: number[]; tickIntervalHours: number; anchorDate: string };
export function nextSlotAfter(cfg: SlotConfig, t: number): number | null {
  if (cfg.runDays.length === 0) return null;
  const [y, m, d] = cfg.anchorDate.split("-").map(Number);
  const [hh, mm] = cfg.runTime.split(":").map(Number);
  for (let k = 0; k < 100000; k++) {
    const at = new TZDate(y!, m! - 1, d!, hh! + k * cfg.tickIntervalHours, mm!, 0, cfg.timezone);
    const iso = ((at.getDay() + 6) % 7) + 1;
    if (at.getTime() > t && cfg.runDays.includes(iso)) return at.getTime();
  }
  return null;
}
