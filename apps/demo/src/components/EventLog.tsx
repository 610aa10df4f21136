import type { SwaramSession } from "@swaram/client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

interface LoggedEvent {
  n: number;
  at: string;
  type: string;
  summary: string;
  /** The summary is what someone said (Malayalam), not an error or a tool call (English). */
  spoken: boolean;
}

const NOISY = new Set(["response.output_audio.delta", "response.audio.delta"]);
const LIMIT = 200;

function summarise(event: Record<string, unknown>): Pick<LoggedEvent, "summary" | "spoken"> {
  const type = String(event.type);
  // Transcript deltas are speech; function-call argument deltas are JSON.
  if (typeof event.delta === "string" && !NOISY.has(type))
    return { summary: event.delta, spoken: !type.includes("function_call") };
  if (typeof event.transcript === "string") return { summary: event.transcript, spoken: true };
  const error = event.error as { code?: string; message?: string } | undefined;
  if (error) return { summary: `${error.code ?? ""} ${error.message ?? ""}`.trim(), spoken: false };
  if (typeof event.name === "string")
    return { summary: `${event.name}(${String(event.arguments ?? "")})`, spoken: false };
  return { summary: "", spoken: false };
}

/**
 * Every server event of the session, newest last. Audio deltas are counted rather than listed:
 * there are fifty of them a second. The list is kept in a ref and flushed at most every
 * 250 ms, so a busy conversation does not re-render the page per event.
 */
export function EventLog({ session }: { session: SwaramSession }) {
  const [events, setEvents] = useState<LoggedEvent[]>([]);
  const [audioDeltas, setAudioDeltas] = useState(0);
  const pending = useRef<{ events: LoggedEvent[]; deltas: number }>({ events: [], deltas: 0 });
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  // Row keys: counted for the component's life, as rows of a replaced session stay listed.
  const rows = useRef(0);

  // Follow the newest event unless the reader scrolled up to look at older ones.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && following.current && events.length > 0) el.scrollTop = el.scrollHeight;
  }, [events]);

  useEffect(() => {
    const off = session.on("*", (event) => {
      const e = event as unknown as Record<string, unknown>;
      const type = String(e.type);
      if (NOISY.has(type)) {
        pending.current.deltas++;
        return;
      }
      pending.current.events.push({
        n: ++rows.current,
        at: new Date().toISOString().slice(11, 23),
        type,
        ...summarise(e),
      });
    });
    const timer = setInterval(() => {
      const { events: fresh, deltas } = pending.current;
      if (fresh.length === 0 && deltas === 0) return;
      pending.current = { events: [], deltas: 0 };
      if (fresh.length) setEvents((old) => [...old, ...fresh].slice(-LIMIT));
      if (deltas) setAudioDeltas((d) => d + deltas);
    }, 250);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [session]);

  return (
    <section className="panel event-log" aria-labelledby="event-log-title">
      <h2 id="event-log-title">
        Events <span className="muted">({audioDeltas} audio deltas)</span>
      </h2>
      <ol
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {events.map((e) => (
          <li key={e.n} data-type={e.type}>
            <time>{e.at}</time> <code>{e.type}</code>{" "}
            {e.summary && <span lang={e.spoken ? "ml" : undefined}>{e.summary}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
