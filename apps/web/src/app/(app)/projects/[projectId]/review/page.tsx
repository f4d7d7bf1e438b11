import type { Metadata } from "next";
import { ReviewView } from "@/components/review/review-view";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params }: PageProps<"/projects/[projectId]/review">) {
  const { projectId } = await params;
  return <ReviewView projectId={projectId} />;
}
