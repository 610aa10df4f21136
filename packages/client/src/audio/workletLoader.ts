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
): Promise<void> {
  const worklet = (context as { audioWorklet?: AudioWorklet }).audioWorklet;
  if (!worklet) throw unsupported("AudioWorklet");
  const fail = (message: string) => (cause: unknown) => {
    throw new SwaramError("unsupported-browser", message, { cause });
  };
  if (url) {
    return worklet
      .addModule(url)
      .catch(fail(`No worklet at workletUrl ${url}: serve audioWorkletSource there.`));
  }
  const blobUrl = URL.createObjectURL(new Blob([audioWorkletSource], { type: "text/javascript" }));
  await worklet
    .addModule(blobUrl)
    // btoa, not encodeURIComponent: minifiers that evaluate encodeURIComponent at build time
    // (Oxc, in Vite 8) would ship a second, percent-encoded copy of the script.
    .catch(() => worklet.addModule(`data:text/javascript;base64,${btoa(audioWorkletSource)}`))
    .catch(fail("CSP blocks blob: and data: scripts: serve audioWorkletSource at a workletUrl."))
    .finally(() => URL.revokeObjectURL(blobUrl));
}
