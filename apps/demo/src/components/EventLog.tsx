import type { SwaramSession } from "@swaram/client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

interface LoggedEvent {
  n: number;
  at: string;
  type: string;
  summary: string;
}

const NOISY = new Set(["response.output_audio.delta", "response.audio.delta"]);
const LIMIT = 200;

function summarise(event: Record<string, unknown>): string {
  if (typeof event.delta === "string" && !NOISY.has(String(event.type))) return event.delta;
  if (typeof event.transcript === "string") return event.transcript;
  const error = event.error as { code?: string; message?: string } | undefined;
  if (error) return `${error.code ?? ""} ${error.message ?? ""}`.trim();
  if (typeof event.name === "string") return `${event.name}(${String(event.arguments ?? "")})`;
  return "";
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

  // Follow the newest event unless the reader scrolled up to look at older ones.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && following.current && events.length > 0) el.scrollTop = el.scrollHeight;
  }, [events]);

  useEffect(() => {
    let n = 0;
    const off = session.on("*", (event) => {
      const e = event as unknown as Record<string, unknown>;
      const type = String(e.type);
      if (NOISY.has(type)) {
        pending.current.deltas++;
        return;
      }
      pending.current.events.push({
        n: ++n,
        at: new Date().toISOString().slice(11, 23),
        type,
        summary: summarise(e),
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
            {e.summary && <span lang="ml">{e.summary}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
