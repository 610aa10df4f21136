import { createContext } from "react";
import type { SessionController } from "./controller.js";

/** The session controller of the nearest `<SwaramProvider>`. */
export const SwaramContext = createContext<SessionController | null>(null);
SwaramContext.displayName = "SwaramContext";
