/**
 * Calls `onLost` (once) when the microphone behind `stream` goes away: its
 * track ends, or a `devicechange` shows its device is no longer listed.
 * Returns the disposer that removes both listeners.
 */
export function watchMicrophone(
  mediaDevices: MediaDevices,
  stream: MediaStream,
  onLost: () => void,
): () => void {
  // A stream from getUserMedia({ audio }) always has its audio track.
  const track = stream.getAudioTracks()[0] as MediaStreamTrack;
  const listeners = new AbortController();
  const { signal } = listeners;
  const dispose = () => listeners.abort();
  const lost = () => {
    if (!signal.aborted) {
      dispose();
      onLost();
    }
  };
  mediaDevices.addEventListener(
    "devicechange",
    async () => {
      const id = track.getSettings().deviceId;
      const devices = await mediaDevices.enumerateDevices().catch(() => undefined);
      const inputs = devices?.filter((device) => device.kind === "audioinput");
      // Without a list, or with ids hidden, there is nothing to compare against.
      if (
        track.readyState === "ended" ||
        (id && inputs?.every((device) => device.deviceId && device.deviceId !== id))
      ) {
        lost();
      }
    },
    { signal },
  );
  track.addEventListener("ended", lost, { signal });
  return dispose;
}
