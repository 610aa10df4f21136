import { SwaramError } from "../errors.js";
import { unsupported } from "./environment.js";
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
  const worklet = (context as { audioWorklet?: AudioWorklet }).audioWorklet;
  if (typeof worklet?.addModule !== "function") throw unsupported("AudioWorklet");
  const fail = (message: string) => (cause: unknown) => {
    throw new SwaramError("unsupported-browser", message, { cause });
  };
  if (url) {
    return worklet
      .addModule(String(url))
      .catch(fail(`No audio worklet at workletUrl ${url}: serve audioWorkletSource there.`));
  }
  const blobUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    await worklet.addModule(blobUrl);
  } catch {
    await worklet
      .addModule(`data:text/javascript,${encodeURIComponent(source)}`)
      .catch(
        fail(
          "The page's Content-Security-Policy blocks blob: and data: scripts: serve audioWorkletSource yourself and pass its URL as workletUrl.",
        ),
      );
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
}
