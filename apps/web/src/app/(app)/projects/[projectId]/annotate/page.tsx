import type { Metadata } from "next";
import { AnnotateWorkspace } from "./workspace-client";

export const metadata: Metadata = { title: "Annotate" };

export default function AnnotatePage() {
  return <AnnotateWorkspace />;
}
