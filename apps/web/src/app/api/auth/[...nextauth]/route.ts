import { handlers } from "@clickloop/auth";

export const { GET, POST } = handlers;
