import type { Metadata } from "next";
import { ProjectImages } from "@/components/images/project-images";

export const metadata: Metadata = { title: "Images" };

export default async function ProjectImagesPage({ params }: PageProps<"/projects/[projectId]">) {
  const { projectId } = await params;
  return <ProjectImages projectId={projectId} />;
}
