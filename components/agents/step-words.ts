// A journey step in words ("Click the text “Add to cart”"): the agent reports only the action's
// name, the journey holds what the step did.
import type { Journey } from "@/components/data/types";

type Step = Journey["steps"][number];

export function stepInWords(step: Step | undefined, action: string): string {
  if (!step) return action;
  switch (step.action) {
    case "goto":
      return `Go to ${step.path}`;
    case "click":
      return "selector" in step ? `Click ${step.selector}` : `Click the text “${step.text}”`;
    case "fill":
      return `Fill ${step.selector} with “${step.value}”`;
    case "press":
      return `Press ${step.key}`;
    case "expect_text":
      return `Expect the text “${step.text}”`;
    case "expect_url":
      return `Expect the address to match ${step.pattern}`;
    case "wait":
      return `Wait ${step.ms} ms`;
  }
}
