// How image statuses look in the UI; the statuses themselves come from the shared vocabulary.
import { IMAGE_STATUSES, type ImageStatus } from "@clickloop/db/vocabulary";
import type { BadgeTone } from "@/components/ui/badge";

export { IMAGE_STATUSES, type ImageStatus } from "@clickloop/db/vocabulary";

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
