import { TestPlansList } from "@/components/catalog/test-plans/test-plans-list";

export const metadata = { title: "Test plans" };

export default function TestPlansPage() {
  return <TestPlansList />;
}
