import type { Ref, RefCallback } from "react";
import { useCallback } from "../react.js";

function assign<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === "function") ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

/** One callback ref feeding two refs (the user's and ours); stable while they are. */
export function useComposedRefs<T>(
  first: Ref<T> | undefined,
  second: Ref<T> | undefined,
): RefCallback<T> {
  return useCallback(
    (value: T | null) => {
      assign(first, value);
      assign(second, value);
    },
    [first, second],
  );
}
