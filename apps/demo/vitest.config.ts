import { defineProject, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default mergeConfig(
  sourceConditions,
  defineProject({ test: { name: "demo", environment: "node", testTimeout: 120_000 } }),
);
