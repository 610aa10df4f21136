import { VOICES, type VoiceId } from "../config.js";

interface SettingsProps {
  voice: VoiceId;
  onVoice(voice: VoiceId): void;
  pushToTalk: boolean;
  onPushToTalk(on: boolean): void;
  /** Settings are fixed once a conversation starts, so they lock while one runs. */
  disabled: boolean;
}

export function Settings({ voice, onVoice, pushToTalk, onPushToTalk, disabled }: SettingsProps) {
  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Settings {disabled && <span className="muted">(stop to change)</span>}</legend>
      <label>
        Voice{" "}
        <select value={voice} onChange={(e) => onVoice(e.currentTarget.value as VoiceId)}>
          {VOICES.map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={pushToTalk}
          onChange={(e) => onPushToTalk(e.currentTarget.checked)}
        />{" "}
        Push to talk <span className="muted">(hold the button, or hold Space on it)</span>
      </label>
    </fieldset>
  );
}
