import tseslint from "typescript-eslint";
import { clickloopPlugin } from "./tooling/package-boundaries.js";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/.next-e2e/**", "**/dist/**", ".data/**", ".test-data/**", "bench/results/**", "**/next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    plugins: { clickloop: clickloopPlugin },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "clickloop/package-boundaries": "error",
    },
  },
);
