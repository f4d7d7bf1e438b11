"use client";

import { useState } from "react";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

export function CopyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard denied (e.g. not a secure context): the field stays selectable.
      setCopied(false);
    }
  }
  return (
    <div className="mt-2 flex gap-1.5">
      <input
        readOnly
        value={url}
        aria-label="Invitation link"
        onFocus={(e) => e.currentTarget.select()}
        className="h-8 min-w-0 flex-1 rounded-md border border-accent-200 bg-white px-2 font-mono text-xs text-zinc-800"
        data-testid="invitation-link"
      />
      <button
        type="button"
        onClick={copy}
        className="inline-flex h-8 items-center gap-1 rounded-md border border-accent-200 bg-white px-2 text-xs font-medium text-accent-800 hover:bg-accent-100"
      >
        {copied ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
