// Server-only: locates the browser runtime (onnxruntime-web) inside node_modules. Nothing is
// downloaded at run time: every byte the workspace needs comes from the npm packages installed
// with the app. (The model files are served by @clickloop/api's models module.)
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** Walks up from the working directory (Next runs in apps/web; scripts run at the repo root). */
function findUp(relativeCandidates: readonly string[]): string | null {
  let dir = process.cwd();
  for (;;) {
    for (const candidate of relativeCandidates) {
      const full = path.join(/* turbopackIgnore: true */ dir, candidate);
      if (existsSync(/* turbopackIgnore: true */ full)) return full;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** pnpm keeps every package under node_modules/.pnpm/<name>@<version>/node_modules/<name>. */
function findInPnpmStore(name: string, subdir: string): string | null {
  const store = findUp(["node_modules/.pnpm"]);
  if (!store) return null;
  const entry = readdirSync(/* turbopackIgnore: true */ store).find((e) => e.startsWith(`${name}@`));
  if (!entry) return null;
  const full = path.join(/* turbopackIgnore: true */ store, entry, "node_modules", name, subdir);
  return existsSync(/* turbopackIgnore: true */ full) ? full : null;
}

let ortDistDir: string | null | undefined;
export function onnxruntimeWebDistDir(): string | null {
  if (ortDistDir === undefined) {
    ortDistDir =
      findUp(["node_modules/onnxruntime-web/dist", "apps/web/node_modules/onnxruntime-web/dist"]) ??
      findInPnpmStore("onnxruntime-web", "dist");
  }
  return ortDistDir;
}
