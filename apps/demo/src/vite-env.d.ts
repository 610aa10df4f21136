/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** WebSocket base URL of swaram (default: the local dev server). */
  readonly VITE_SWARAM_BASE_URL?: string;
}
