import type { BadgeTone } from "@/components/ui/badge";

/** Image statuses in workflow order (packages/db schema `image_status`). */
export const IMAGE_STATUSES = ["unlabeled", "in_progress", "submitted", "accepted", "skipped"] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const imageStatusMeta: Record<ImageStatus, { label: string; tone: BadgeTone }> = {
  unlabeled: { label: "Unlabeled", tone: "neutral" },
  in_progress: { label: "In progress", tone: "blue" },
  submitted: { label: "Submitted", tone: "amber" },
  accepted: { label: "Accepted", tone: "green" },
  skipped: { label: "Skipped", tone: "red" },
};

export function isImageStatus(value: unknown): value is ImageStatus {
  return typeof value === "string" && (IMAGE_STATUSES as readonly string[]).includes(value);
}
