declare module "espeak-ng" {
  /** eSpeak NG compiled to WebAssembly: runs the command line, exposes its file system. */
  export default function ESpeakNg(options: {
    arguments: string[];
  }): Promise<{ FS: { readFile(path: string): Uint8Array } }>;
}
