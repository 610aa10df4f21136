import type { SessionConfig, SwaramSession, TokenFunction } from "@swaram/client";
import type { DevServer } from "@swaram/client/testing/dev-server";
import { act, render, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { type UseSwaramSessionResult, useSwaramSession } from "../src/index.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

interface HarnessProps {
  dev: DevServer;
  results: UseSwaramSessionResult[];
  token: TokenFunction;
  config?: SessionConfig;
}

/** Uses the hook and hands every result to the test. */
function Harness({ dev, results, token, config }: HarnessProps) {
  const result = useSwaramSession({
    ...sessionOptions(dev),
    token,
    ...(config ? { session: config } : {}),
  });
  results.push(result);
  return <output>{result.status}</output>;
}

/** Renders the hook and hands every result to the test. */
function renderHookSession(props: { token: TokenFunction; config?: SessionConfig }) {
  const dev = server();
  const results: UseSwaramSessionResult[] = [];
  const view = render(<Harness dev={dev} results={results} {...props} />);
  return {
    dev,
    latest: () => results.at(-1) as UseSwaramSessionResult,
    rerender: (next: { token: TokenFunction; config?: SessionConfig }) =>
      view.rerender(<Harness dev={dev} results={results} {...next} />),
    unmount: view.unmount,
    renders: () => results.length,
  };
}

describe("useSwaramSession", () => {
  it("keeps one session and stable actions across renders with inline options", async () => {
    const dev = server();
    const hook = renderHookSession({ token: () => dev.mintToken(), config: { voice: "mal-male" } });
    const first = hook.latest();
    hook.rerender({ token: () => dev.mintToken(), config: { voice: "mal-male" } });
    await act(() => hook.latest().start());
    await act(() => hook.latest().stop());
    await act(() => hook.latest().start());
    const last = hook.latest();
    expect(last.session).toBe(first.session);
    expect(last.start).toBe(first.start);
    expect(last.toggle).toBe(first.toggle);
    expect(last.status).toBe("connected");
    hook.unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("calls the latest token function on the next connect, without a new session", async () => {
    const dev = server();
    const calls: string[] = [];
    const tokenA: TokenFunction = () => {
      calls.push("A");
      return dev.mintToken();
    };
    const tokenB: TokenFunction = () => {
      calls.push("B");
      return dev.mintToken();
    };
    const hook = renderHookSession({ token: tokenA });
    await act(() => hook.latest().start());
    await act(() => hook.latest().stop());
    const session: SwaramSession = hook.latest().session;

    hook.rerender({ token: tokenB });
    await act(() => hook.latest().start());
    expect(calls).toEqual(["A", "B"]);
    expect(hook.latest().session).toBe(session);
    hook.unmount();
  });

  it("applies changed settings on the next start, never dropping a running call", async () => {
    const dev = server();
    const token = () => dev.mintToken();
    const hook = renderHookSession({ token, config: { voice: "mal-female" } });
    await act(() => hook.latest().start());
    const before = hook.latest().session;
    expect(dev.sessions()[0]?.config.voice).toBe("mal-female");

    hook.rerender({ token, config: { voice: "mal-male" } });
    expect(hook.latest().status).toBe("connected");
    expect(hook.latest().session).toBe(before);
    expect(dev.sessions()).toHaveLength(1);
    expect(dev.sessions()[0]?.config.voice).toBe("mal-female");

    hook.latest().setMuted(true);
    await act(() => hook.latest().stop());
    await act(() => hook.latest().start());
    const after = hook.latest();
    expect(after.session).not.toBe(before);
    expect(after.status).toBe("connected");
    expect(after.muted).toBe(true);
    await waitFor(() => expect(dev.sessions()).toHaveLength(1));
    expect(dev.sessions()[0]?.config.voice).toBe("mal-male");
    hook.unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("disposes its session on unmount, and a late start does nothing", async () => {
    const dev = server();
    const hook = renderHookSession({ token: () => dev.mintToken() });
    await act(() => hook.latest().start());
    const { start, session } = hook.latest();
    hook.unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
    expect(session.store.getState().status).toBe("closed");

    await start();
    expect(dev.sessions()).toHaveLength(0);
    expect(session.store.getState().status).toBe("closed");
  });
});
