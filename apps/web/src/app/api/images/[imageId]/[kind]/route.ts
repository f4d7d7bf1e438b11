import { handleImageFile } from "@clickloop/api";
import { auth } from "@clickloop/auth";
import { z } from "zod";

const kindSchema = z.enum(["file", "thumbnail", "embedding"]);

/** Original, thumbnail or embedding of an image, for members of its project only (404 otherwise). */
export async function GET(request: Request, context: RouteContext<"/api/images/[imageId]/[kind]">): Promise<Response> {
  const [{ imageId, kind }, session] = await Promise.all([context.params, auth()]);
  const parsedKind = kindSchema.safeParse(kind);
  if (!parsedKind.success) return Response.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  const userId = session?.user?.id;
  return handleImageFile(request, imageId, parsedKind.data, userId ? { id: userId } : null);
}
