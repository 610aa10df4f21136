import { createContext } from "../react.js";
import type { SessionController } from "./controller.js";

/** The session controller of the nearest `<SwaramProvider>`. */
export const SwaramContext = createContext<SessionController | null>(null);
SwaramContext.displayName = "SwaramContext";
