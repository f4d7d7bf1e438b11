import { handleImageUpload } from "@clickloop/api";
import { auth } from "@clickloop/auth";

/** One image per request (multipart field `file`); the browser sends several in parallel. */
export async function POST(request: Request, context: RouteContext<"/api/projects/[projectId]/images">): Promise<Response> {
  const [{ projectId }, session] = await Promise.all([context.params, auth()]);
  const userId = session?.user?.id;
  return handleImageUpload(request, projectId, userId ? { id: userId } : null);
}
