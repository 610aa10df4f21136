import { accessSync, constants } from "node:fs";
import { describe, expect, it } from "vitest";
import { chromiumPath } from "./chromium.js";

describe("the browser tests' Chromium", () => {
  // Fails with how to install it (apt-get install chromium, or CHROMIUM_PATH) instead of skipping.
  it("is installed and executable", () => {
    const path = chromiumPath();
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
  });
});
