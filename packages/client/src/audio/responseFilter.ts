/** How many response ids are remembered. */
const REMEMBER = 64;

/**
 * Which responses' audio may still play: after `drop(id)` (or `drop()` for
 * every response seen so far), late chunks of those responses are refused.
 * Its state lives in the constructor's closure (shorter minified than fields);
 * the methods are `declare`d so that no field definitions are emitted besides.
 */
export class ResponseFilter {
  /** `true` when audio of `responseId` may play. */
  declare readonly accept: (responseId: string) => boolean;
  /** Refuse `responseId`, or every response seen so far. */
  declare readonly drop: (responseId?: string) => void;
  /** Forget every response. */
  declare readonly clear: () => void;

  constructor() {
    /** The last response ids seen or dropped, oldest first: `false` once dropped. */
    const playable = new Map<string, boolean>();
    const mark = (responseId: string, may: boolean) => {
      playable.set(responseId, may);
      for (const id of playable.keys()) {
        if (playable.size <= REMEMBER) break;
        playable.delete(id);
      }
      return may;
    };
    this.accept = (responseId) => mark(responseId, playable.get(responseId) ?? true);
    this.drop = (responseId) => {
      for (const id of responseId === undefined ? [...playable.keys()] : [responseId]) {
        mark(id, false);
      }
    };
    this.clear = () => playable.clear();
  }
}
