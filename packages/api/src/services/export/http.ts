import { Readable } from "node:stream";
import { resolveApiDeps, type ApiDeps } from "../../deps";
import { DomainError, domainErrorResponse } from "../../errors";
import { openExportDownload } from "./exports";

/** `GET /api/projects/:projectId/exports/:exportId/download`: the zip, streamed from storage. */
export async function handleExportDownload(projectId: string, exportId: string, user: { id: string } | null, options: { deps?: Partial<ApiDeps> } = {}): Promise<Response> {
  const deps = resolveApiDeps(options.deps);
  try {
    const file = await openExportDownload(deps, user, projectId, exportId);
    const headers = new Headers({
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    });
    if (file.size !== null) headers.set("Content-Length", String(file.size));
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { status: 200, headers });
  } catch (error) {
    if (error instanceof DomainError) return domainErrorResponse(error);
    throw error;
  }
}
