import type { Metadata } from "next";
import { ComingSoon } from "@/components/project/coming-soon";
import { ChartIcon } from "@/components/ui/icons";

export const metadata: Metadata = { title: "Model" };

export default function ModelPage() {
  return (
    <ComingSoon icon={<ChartIcon className="size-5" />} title="Model versions and training rounds">
      Every accepted mask teaches the project&apos;s model. Here you will follow training rounds, compare each candidate with the deployed version on the
      validation images (mIoU, clicks to 90% IoU) and see which version annotators are using.
    </ComingSoon>
  );
}
