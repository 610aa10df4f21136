import { createSwaramSession, type SwaramSession } from "@swaram/client";
import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import {
  SwaramProvider,
  type UseVoiceButtonOptions,
  useVoiceButton,
  VoiceButton,
  type VoiceButtonProps,
} from "../src/index.js";

// `options` configures the session created from `token`: with `session`, or without
// `token` (a provider's session), it would be silently ignored. These combinations must
// not compile (`pnpm typecheck` fails on an unused @ts-expect-error); the rest must.

const sessions: SwaramSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
});
const newSession = () => {
  const session = createSwaramSession({ token: "/t", audio: null });
  sessions.push(session);
  return session;
};

describe("<VoiceButton> props: `options` goes with `token` only", () => {
  it("refuses `options` without `token`, under a provider", () => {
    const refused = () => (
      <SwaramProvider options={{ token: "/t" }}>
        {/* @ts-expect-error `options` without `token` would configure nothing */}
        <VoiceButton lang="en" options={{ turns: "push-to-talk" }} />
      </SwaramProvider>
    );
    expect(refused).toBeTypeOf("function");
    // @ts-expect-error the same for the hook
    const hookOptions: UseVoiceButtonOptions = { options: { turns: "push-to-talk" } };
    expect(hookOptions).toBeDefined();
  });

  it("refuses `options` together with `session`", () => {
    const session = newSession();
    const refused = () => (
      // @ts-expect-error `session` wins: its `options` would be ignored
      <VoiceButton session={session} token="/t" options={{ turns: "push-to-talk" }} />
    );
    expect(refused).toBeTypeOf("function");
    // @ts-expect-error the same for the hook, without `token` too
    const hookOptions: UseVoiceButtonOptions = { session, options: { turns: "push-to-talk" } };
    expect(hookOptions).toBeDefined();
    const maybe = session as SwaramSession | undefined;
    // @ts-expect-error a session that may be undefined still wins when it is not
    const props: VoiceButtonProps = { session: maybe, token: "/t", options: {} };
    expect(props).toBeDefined();
  });

  it("accepts every documented source: token (with options), session, or the provider", () => {
    const session = newSession();
    const maybe = session as SwaramSession | undefined;
    render(
      <SwaramProvider options={{ token: "/t", audio: null, turns: "push-to-talk" }}>
        <VoiceButton lang="en" data-testid="provider" />
        <VoiceButton
          lang="en"
          data-testid="token"
          token="/t"
          options={{ audio: null, turns: "push-to-talk" }}
        />
        <VoiceButton lang="en" data-testid="session" session={session} />
        <VoiceButton lang="en" data-testid="fallback" session={maybe} token="/t" />
      </SwaramProvider>,
    );
    const mode = (id: string) => screen.getByTestId(id).dataset.mode;
    expect(mode("provider")).toBe("push-to-talk");
    expect(mode("token")).toBe("push-to-talk");
    expect(mode("session")).toBe("toggle");
    expect(mode("fallback")).toBe("toggle");
    const hook: UseVoiceButtonOptions[] = [{}, { token: "/t" }, { token: "/t", options: {} }];
    expect(hook).toHaveLength(3);
    expect(useVoiceButton).toBeTypeOf("function");
  });
});
