import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "packages/react/vitest.react18.config.ts",
      "apps/*/vitest.config.ts",
      "apps/demo/vitest.e2e.config.ts",
    ],
  },
});
