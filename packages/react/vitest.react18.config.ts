import { createRequire } from "node:module";
import { dirname } from "node:path";
import { defineProject, mergeConfig } from "vitest/config";
import reactProject from "./vitest.config.js";

// The @swaram/react suite again, on React 18: react, react-dom and Testing Library resolve to
// the copies installed for React 18 in ./react18, and zustand is bundled into the test graph so
// that its `react` import follows the same alias.
const require = createRequire(new URL("./react18/package.json", import.meta.url));
const dir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export default mergeConfig(
  reactProject,
  defineProject({
    resolve: {
      alias: [
        { find: /^react(\/.*)?$/, replacement: `${dir("react")}$1` },
        { find: /^react-dom(\/.*)?$/, replacement: `${dir("react-dom")}$1` },
        { find: /^@testing-library\/react$/, replacement: dir("@testing-library/react") },
      ],
    },
    test: {
      name: "react18",
      env: { SWARAM_TEST_REACT_MAJOR: "18" },
      // <Activity> is React 19.2+.
      exclude: ["test/activity.test.tsx"],
      server: { deps: { inline: [/zustand/] } },
    },
  }),
);
