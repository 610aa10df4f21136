import type { SwaramLanguage } from "./useLanguage.js";

/**
 * Texts of the transcript.
 *
 * @example
 * ```tsx
 * const labels: Partial<TranscriptLabels> = { agent: "സ്വരം", interrupted: "ഇടയ്ക്കു മുറിഞ്ഞു" };
 * <Transcript lang="ml" labels={labels} />
 * ```
 */
export interface TranscriptLabels {
  region: string;
  user: string;
  agent: string;
  tool: string;
  /** Shown for a user turn whose transcript has not arrived yet. */
  pending: string;
  /** Marks a reply the user cut off; the unheard rest is struck through. */
  interrupted: string;
  toolRunning: string;
  toolSuccess: string;
  toolError: string;
}

/**
 * The transcript's built-in labels. Override any of them with the `labels` prop.
 *
 * @example
 * ```tsx
 * <Transcript labels={{ agent: "സ്വരം" }} lang="ml" />
 * ```
 */
export const transcriptLabels: Record<SwaramLanguage, TranscriptLabels> = {
  en: {
    region: "Conversation transcript",
    user: "You",
    agent: "Assistant",
    tool: "Tool",
    pending: "…",
    interrupted: "interrupted",
    toolRunning: "running",
    toolSuccess: "done",
    toolError: "failed",
  },
  ml: {
    region: "സംഭാഷണത്തിന്റെ എഴുത്തുരൂപം",
    user: "നിങ്ങൾ",
    agent: "സഹായി",
    tool: "ടൂൾ",
    pending: "…",
    interrupted: "ഇടയ്ക്കു നിർത്തി",
    toolRunning: "പ്രവർത്തിക്കുന്നു",
    toolSuccess: "പൂർത്തിയായി",
    toolError: "പരാജയപ്പെട്ടു",
  },
};
