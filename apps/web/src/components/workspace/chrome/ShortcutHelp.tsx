"use client";
import { SHORTCUT_GROUPS } from "./shortcuts";

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <div
      className="absolute inset-0 z-30 flex items-center justify-center bg-zinc-950/70 backdrop-blur-[2px]"
      onClick={onClose}
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-help"
    >
      <div className="max-h-[85vh] w-full max-w-3xl overflow-auto rounded-xl border border-zinc-700 bg-zinc-900 p-6 text-zinc-200 shadow-2xl" onClick={(e) => e.stopPropagation()}>
        <div className="flex items-baseline justify-between">
          <h2 className="text-sm font-semibold text-zinc-100">Keyboard shortcuts</h2>
          <span className="text-xs text-zinc-500">Press ? or Esc to close</span>
        </div>
        <div className="mt-5 grid gap-x-10 gap-y-6 sm:grid-cols-2">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.title}>
              <h3 className="mb-2 text-[11px] font-semibold tracking-wider text-zinc-500 uppercase">{group.title}</h3>
              <dl className="space-y-1.5">
                {group.items.map((item) => (
                  <div key={item.label} className="flex items-center justify-between gap-4 text-[13px]">
                    <dt className="text-zinc-300">{item.label}</dt>
                    <dd className="flex shrink-0 gap-1">
                      {item.keys.map((key) => (
                        <kbd key={key} className="rounded border border-zinc-700 bg-zinc-800 px-1.5 py-0.5 font-mono text-[11px] text-zinc-200">
                          {key}
                        </kbd>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
