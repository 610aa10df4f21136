/**
 * The React functions this package calls, imported in one place. esbuild keeps one
 * `import … from "react"` statement (React being external) for every module that
 * imports it; importing through this file leaves one for the whole package.
 */
export {
  createContext,
  forwardRef,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from "react";
