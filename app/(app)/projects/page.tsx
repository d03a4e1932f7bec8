import { ProjectsList } from "@/components/catalog/projects/projects-list";

export const metadata = { title: "Projects" };

export default function ProjectsPage() {
  return <ProjectsList />;
}
