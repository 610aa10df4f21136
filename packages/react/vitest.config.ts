import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineProject, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

// jsdom tests resolve packages with browser conditions, which give `ws` its
// browser stub; the dev server and the sessions under test need the Node one.
const wsNode = join(
  dirname(createRequire(import.meta.url).resolve("ws/package.json")),
  "wrapper.mjs",
);

export default mergeConfig(
  sourceConditions,
  defineProject({
    resolve: { alias: [{ find: /^ws$/, replacement: wsNode }] },
    test: {
      name: "react",
      environment: "jsdom",
      // The React major the suite must be running on (vitest.react18.config.ts says 18).
      env: { SWARAM_TEST_REACT_MAJOR: "19" },
      include: ["test/**/*.test.{ts,tsx}"],
      setupFiles: ["test/support/setup.ts"],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
