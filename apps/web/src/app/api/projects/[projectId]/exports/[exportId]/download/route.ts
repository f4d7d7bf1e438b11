import { handleExportDownload } from "@clickloop/api";
import { auth } from "@clickloop/auth";

/** A finished export's zip, for the project's leads and admins (streamed; audited). */
export async function GET(_request: Request, context: RouteContext<"/api/projects/[projectId]/exports/[exportId]/download">): Promise<Response> {
  const [{ projectId, exportId }, session] = await Promise.all([context.params, auth()]);
  const userId = session?.user?.id;
  return handleExportDownload(projectId, exportId, userId ? { id: userId } : null);
}
