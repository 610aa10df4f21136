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
  const track = stream.getAudioTracks()[0];
  let armed = true;
  const lost = () => {
    if (!armed) return;
    dispose();
    onLost();
  };
  const onDeviceChange = async () => {
    if (!track || track.readyState === "ended") return lost();
    const id = track.getSettings().deviceId;
    if (!id) return;
    const devices = await mediaDevices.enumerateDevices().catch(() => undefined);
    const inputs = devices?.filter((device) => device.kind === "audioinput");
    // Without a list, or with ids hidden, there is nothing to compare against.
    if (!inputs || inputs.some((device) => device.deviceId === "")) return;
    if (!inputs.some((device) => device.deviceId === id)) lost();
  };
  function dispose() {
    armed = false;
    mediaDevices.removeEventListener("devicechange", onDeviceChange);
    track?.removeEventListener("ended", lost);
  }
  mediaDevices.addEventListener("devicechange", onDeviceChange);
  track?.addEventListener("ended", lost);
  return dispose;
}
