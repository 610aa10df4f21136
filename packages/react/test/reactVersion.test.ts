import { version } from "react";
import { version as domVersion } from "react-dom";
import { expect, it } from "vitest";

it("runs on the React major its project is for, with the matching react-dom", () => {
  expect(version.split(".")[0]).toBe(process.env.SWARAM_TEST_REACT_MAJOR);
  expect(domVersion).toBe(version);
});
