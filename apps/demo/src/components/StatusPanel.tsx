import type { TurnMetrics } from "@swaram/client";
import { useSwaramState } from "@swaram/react";

const ms = (v: number | null | undefined) => (v == null ? "–" : `${Math.round(v)} ms`);

/** Session status, the last error and per-turn latency; re-renders on transitions, not per frame. */
export function StatusPanel() {
  const status = useSwaramState((s) => s.status);
  const activity = useSwaramState((s) => s.activity);
  const error = useSwaramState((s) => s.error);
  const latencies = useSwaramState((s) => s.metrics.turnLatencies);
  const reconnects = useSwaramState((s) => s.metrics.reconnects);
  const last: TurnMetrics | undefined = latencies[latencies.length - 1];

  return (
    <section className="panel status" aria-labelledby="status-title">
      <h2 id="status-title">Session</h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status}</dd>
        <dt>Activity</dt>
        <dd>{activity ?? "–"}</dd>
        <dt>Turns</dt>
        <dd>{latencies.length}</dd>
        <dt>End of speech → first reply audio</dt>
        <dd data-testid="latency">{ms(last?.speechEndToFirstAudioMs)}</dd>
        <dt>Reply started → first audio</dt>
        <dd>{ms(last?.createdToFirstAudioMs)}</dd>
        <dt>Reconnects</dt>
        <dd>{reconnects}</dd>
      </dl>
      {error && (
        <p className="error" role="alert" data-testid="error" data-code={error.code}>
          <strong>{error.code}</strong>: {error.message}
        </p>
      )}
    </section>
  );
}
