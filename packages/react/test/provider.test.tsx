import { createSwaramSession, type SwaramSession } from "@swaram/client";
import type { DevServer } from "@swaram/client/testing/dev-server";
import { act, render, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SwaramProvider,
  useMaybeSwaramContext,
  useSwaramContext,
  useSwaramSession,
  useSwaramState,
  VoiceButton,
} from "../src/index.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

function Status({ session, label }: { session?: SwaramSession; label: string }) {
  const status = useSwaramState((s) => s.status, session);
  return <output aria-label={label}>{status}</output>;
}

function HangUp() {
  const { stop } = useSwaramContext();
  return (
    <button type="button" onClick={() => void stop()}>
      End
    </button>
  );
}

function Probe({ seen }: { seen: (SwaramSession | null)[] }) {
  seen.push(useMaybeSwaramContext()?.session ?? null);
  return null;
}

/** The README's pattern: the hook owns the session, the provider shares it. */
function Agent({ dev, voice }: { dev: DevServer; voice: "mal-female" | "mal-male" }) {
  const { session } = useSwaramSession({ ...sessionOptions(dev), session: { voice } });
  return (
    <SwaramProvider session={session}>
      <VoiceButton lang="en" />
    </SwaramProvider>
  );
}

describe("SwaramProvider and the context hooks", () => {
  const owned: SwaramSession[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(owned.splice(0).map((s) => s.dispose()));
  });

  it("useSwaramContext throws an error naming <SwaramProvider> outside one", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => render(<HangUp />)).toThrow(
      "useSwaramContext() has no session: render it in <SwaramProvider> or pass one.",
    );
    expect(() => render(<Status label="status" />)).toThrow(/useSwaramState\(\).*<SwaramProvider>/);
  });

  it("useMaybeSwaramContext is null outside a provider and the shared session inside", async () => {
    const dev = server();
    const seen: (SwaramSession | null)[] = [];
    render(<Probe seen={seen} />);
    expect(seen.at(-1)).toBeNull();

    const session = createSwaramSession(sessionOptions(dev));
    owned.push(session);
    render(
      <SwaramProvider session={session}>
        <Probe seen={seen} />
      </SwaramProvider>,
    );
    expect(seen.at(-1)).toBe(session);
  });

  it("shares one owned session between the components under it", async () => {
    const dev = server();
    const user = userEvent.setup();
    const { unmount } = render(
      <SwaramProvider options={sessionOptions(dev)}>
        <VoiceButton lang="en" />
        <Status label="status" />
        <HangUp />
      </SwaramProvider>,
    );
    await user.click(screen.getByRole("button", { name: "Start voice conversation" }));
    await waitFor(() => expect(screen.getByLabelText("status").textContent).toBe("connected"));
    expect(dev.sessions()).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "End" }));
    expect(screen.getByLabelText("status").textContent).toBe("closed");
    expect(screen.getByRole("button", { name: "Start voice conversation" }).dataset.state).toBe(
      "closed",
    );

    await user.click(screen.getByRole("button", { name: "Start voice conversation" }));
    await waitFor(() => expect(dev.sessions()).toHaveLength(1));
    unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("follows option changes when given the session of a useSwaramSession hook", async () => {
    const dev = server();
    const user = userEvent.setup();
    const { rerender, unmount } = render(<Agent dev={dev} voice="mal-female" />);
    const button = () => screen.getByRole("button");
    await user.click(button());
    await waitFor(() => expect(button().dataset.state).toBe("connected"));
    expect(dev.sessions()[0]?.config.voice).toBe("mal-female");
    await user.click(button());
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));

    rerender(<Agent dev={dev} voice="mal-male" />);
    await user.click(button());
    await waitFor(() => expect(button().dataset.state).toBe("connected"));
    expect(dev.sessions()).toHaveLength(1);
    expect(dev.sessions()[0]?.config.voice).toBe("mal-male");
    unmount();
    await waitFor(() => expect(dev.sessions()).toHaveLength(0));
  });

  it("lets an explicit session win over the provider's", async () => {
    const dev = server();
    const user = userEvent.setup();
    const shared = createSwaramSession(sessionOptions(dev));
    const mine = createSwaramSession(sessionOptions(dev));
    owned.push(shared, mine);
    render(
      <SwaramProvider session={shared}>
        <VoiceButton session={mine} lang="en" />
        <Status label="shared" />
        <Status label="mine" session={mine} />
      </SwaramProvider>,
    );
    await user.click(screen.getByRole("button"));
    await waitFor(() => expect(screen.getByLabelText("mine").textContent).toBe("connected"));
    expect(screen.getByLabelText("shared").textContent).toBe("idle");
    expect(shared.store.getState().status).toBe("idle");
    expect(dev.sessions()).toHaveLength(1);
  });

  it("never disposes a session it was given", async () => {
    const dev = server();
    const session = createSwaramSession(sessionOptions(dev));
    owned.push(session);
    const { unmount } = render(
      <SwaramProvider session={session}>
        <Status label="status" />
      </SwaramProvider>,
    );
    await act(() => session.start());
    unmount();
    await act(() => Promise.resolve());
    expect(session.store.getState().status).toBe("connected");
    expect(dev.sessions()).toHaveLength(1);
    await session.stop();
  });
});
