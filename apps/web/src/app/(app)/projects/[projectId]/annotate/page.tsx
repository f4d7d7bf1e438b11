import type { Metadata } from "next";
import { ComingSoon } from "@/components/project/coming-soon";
import { CursorClickIcon } from "@/components/ui/icons";

export const metadata: Metadata = { title: "Annotate" };

export default function AnnotatePage() {
  return (
    <ComingSoon icon={<CursorClickIcon className="size-5" />} title="Annotation workspace">
      Click inside the structure to segment it: the model proposes a mask in your browser at every click, and you correct it with positive and negative
      clicks. The queue serves the images the model is least sure about first.
    </ComingSoon>
  );
}
