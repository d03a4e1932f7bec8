// The tick engine's pure logic (docs/engine.md): no database, no wall clock — every instant is a
// parameter, in epoch milliseconds. See docs/adr/0001-selection-scoring.md.
export {
  type SlotConfig,
  type SlotSource,
  latestSlotAtOrBefore,
  longestSlotGapHours,
  nextSlotAfter,
  slotSource,
  slotTimeline,
  slotsBetween,
} from "./slots";
export { coverageAnchor, deadlineCalculator, deadlineFromAnchor, itemDeadline, withDeadline } from "./deadline";
export {
  type SelectedEntry,
  type Selection,
  type SelectionInput,
  type SelectionItem,
  type SkipReason,
  type SkippedEntry,
  selectForTick,
  selectWithDeadlines,
} from "./selection";
export { type AutoBudgetInput, autoBudget, nextLocalMidnight, slotsPerWindow, tenantLocalDate } from "./budget";
export { type Forecast, type ForecastInput, type ForecastItem, forecast } from "./forecast";
export { instantToLocal, isValidTimeZone, localToInstant } from "./tz";
