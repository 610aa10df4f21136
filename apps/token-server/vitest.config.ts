import { defineProject, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default mergeConfig(
  sourceConditions,
  defineProject({ test: { name: "token-server", environment: "node", testTimeout: 20_000 } }),
);
