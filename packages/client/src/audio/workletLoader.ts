import { SwaramError } from "../errors.js";
import { requireAudioWorklet } from "./environment.js";
import { audioWorkletSource } from "./worklets.generated.js";

/**
 * Add the kit's worklet module to `context`: from `url` when given (strict
 * Content-Security-Policy), else the inlined script through a Blob URL, with a
 * `data:` URL as fallback. Nothing is fetched from elsewhere.
 */
export async function loadAudioWorklet(
  context: BaseAudioContext,
  url?: string | URL,
  source: string = audioWorkletSource,
): Promise<void> {
  const worklet = requireAudioWorklet(context);
  if (url !== undefined) {
    try {
      await worklet.addModule(String(url));
      return;
    } catch (cause) {
      throw new SwaramError(
        "unsupported-browser",
        `No audio worklet at workletUrl ${String(url)}. Serve audioWorkletSource (from @swaram/client) there as JavaScript, or drop workletUrl.`,
        { cause },
      );
    }
  }
  let cause: unknown;
  if (typeof Blob === "function" && typeof URL.createObjectURL === "function") {
    const blobUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      await worklet.addModule(blobUrl);
      return;
    } catch (error) {
      cause = error;
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
  }
  try {
    await worklet.addModule(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`);
  } catch (error) {
    throw new SwaramError(
      "unsupported-browser",
      "The inlined audio worklet was blocked, most likely by the page's Content-Security-Policy (blob: and data: scripts). Serve audioWorkletSource from your origin and pass its URL as workletUrl.",
      { cause: cause ?? error },
    );
  }
}
