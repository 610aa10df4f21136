// navigator.mediaDevices as the engine sees it in tests: it records every
// stream handed out and can pretend a device was unplugged.

export class DeviceProxy extends EventTarget {
  readonly streams: MediaStream[] = [];
  readonly requests: MediaStreamConstraints[] = [];
  private readonly hidden = new Set<string>();

  constructor(private readonly real: MediaDevices) {
    super();
  }

  /** How long the next request waits before it is answered (Infinity: never). */
  private nextDelayMs = 0;

  /** The next request is answered after `ms`, as after a permission prompt; Infinity: never. */
  delayNext(ms: number): void {
    this.nextDelayMs = ms;
  }

  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    const delay = this.nextDelayMs;
    this.nextDelayMs = 0;
    if (delay === Number.POSITIVE_INFINITY) return new Promise<MediaStream>(() => {});
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const stream = await this.real.getUserMedia(constraints);
    this.streams.push(stream);
    return stream;
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    const devices = await this.real.enumerateDevices();
    return devices.filter((device) => !this.hidden.has(device.deviceId));
  }

  /** Pretend `deviceId` was unplugged: it leaves the list and `devicechange` fires. */
  unplug(deviceId: string): void {
    this.hidden.add(deviceId);
    this.dispatchEvent(new Event("devicechange"));
  }

  /** Tracks handed out that are still recording. */
  liveTracks(): number {
    return this.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === "live").length;
  }
}
