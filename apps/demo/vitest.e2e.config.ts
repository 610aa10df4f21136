import { defineProject, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

// The demo end to end: the built demo, the dev server and the token route on free ports,
// driven in Debian's Chromium with a fake microphone. Files run one at a time, after the
// other projects (groupOrder), so real-time audio does not compete with unit tests for CPU.
export default mergeConfig(
  sourceConditions,
  defineProject({
    test: {
      name: "e2e",
      environment: "node",
      include: ["e2e/**/*.e2e.ts"],
      testTimeout: 90_000,
      hookTimeout: 120_000,
      fileParallelism: false,
      sequence: { groupOrder: 1 },
    },
  }),
);
