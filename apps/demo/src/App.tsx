import type { SwaramSessionOptions } from "@swaram/client";
import {
  LevelMeter,
  SwaramProvider,
  Transcript,
  useSwaramSession,
  VoiceButton,
} from "@swaram/react";
import { useMemo, useState } from "react";
import { EventLog } from "./components/EventLog.js";
import { Settings } from "./components/Settings.js";
import { StatusPanel } from "./components/StatusPanel.js";
import { SWARAM_BASE_URL, TOKEN_ROUTE, type VoiceId } from "./config.js";
import { getOrderStatus, type OrderStatusArgs } from "./orderTool.js";

export function App() {
  const [voice, setVoice] = useState<VoiceId>("mal-female");
  const [pushToTalk, setPushToTalk] = useState(false);

  // The token route locks instructions and tools on the server; the browser only picks a voice.
  const options = useMemo<SwaramSessionOptions>(
    () => ({
      token: TOKEN_ROUTE,
      tokenRequest: { body: { voice } },
      baseUrl: SWARAM_BASE_URL,
      turns: pushToTalk ? "push-to-talk" : "server-vad",
      tools: {
        get_order_status: {
          handler: (args: OrderStatusArgs) => getOrderStatus(args),
          timeoutMs: 5_000,
        },
      },
    }),
    [voice, pushToTalk],
  );
  const { session, status, turns, stop } = useSwaramSession(options);
  const idle = status === "idle" || status === "closed" || status === "error";

  return (
    <SwaramProvider session={session}>
      <header className="masthead">
        <h1>
          <span lang="ml">സ്വരം</span> voice kit
        </h1>
        <p className="muted">
          Realtime Malayalam speech-to-speech in React. Running against{" "}
          <code>{SWARAM_BASE_URL}</code>.
        </p>
      </header>
      <main className="layout">
        <section className="panel stage" aria-label="Conversation">
          {/* Push-to-talk follows the session's `turns`. */}
          <VoiceButton className="big" />
          {/* In push-to-talk the voice button talks; this one ends the call. */}
          {turns === "push-to-talk" && !idle && (
            <button type="button" onClick={() => void stop()}>
              End conversation
            </button>
          )}
          <div className="meters">
            <figure>
              <LevelMeter kind="input" />
              <figcaption>
                <span lang="ml">നിങ്ങൾ</span> · you
              </figcaption>
            </figure>
            <figure>
              <LevelMeter kind="output" />
              <figcaption>
                <span lang="ml">ഏജന്റ്</span> · agent
              </figcaption>
            </figure>
          </div>
          <Settings
            voice={voice}
            onVoice={setVoice}
            pushToTalk={pushToTalk}
            onPushToTalk={setPushToTalk}
            disabled={!idle}
          />
          <Transcript className="transcript" />
        </section>
        <aside className="side">
          <StatusPanel />
          <EventLog session={session} />
        </aside>
      </main>
    </SwaramProvider>
  );
}
