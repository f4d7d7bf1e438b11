import { createTRPCContext, handleTrpcRequest } from "@clickloop/api";
import { auth } from "@clickloop/auth";

// Body limit, batch bound and error masking live in handleTrpcRequest.
function handler(req: Request): Promise<Response> {
  return handleTrpcRequest(req, { createContext: async () => createTRPCContext({ session: await auth(), headers: req.headers }) });
}

export { handler as GET, handler as POST };
