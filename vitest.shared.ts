import type { UserConfig } from "vite";
import { defaultClientConditions, defaultServerConditions } from "vite";

/**
 * Workspace packages export a `@swaram/source` condition pointing at their TypeScript
 * sources, so tests and the demo run against `src/` without a build step.
 */
export const sourceConditions = {
  resolve: { conditions: ["@swaram/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@swaram/source", ...defaultServerConditions] } },
} satisfies UserConfig;
