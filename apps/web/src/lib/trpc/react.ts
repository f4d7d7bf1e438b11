"use client";

import type { AppRouter } from "@clickloop/api";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/** Typed hooks for the app router: `useTRPC()` returns query/mutation option factories. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
