import { createScriptedAudio, silenceFrames, speechFrames } from "@swaram/client/testing";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import { SwaramProvider, Transcript, useSwaramContext } from "../src/index.js";
import { sessionOptions, withDevServer } from "./support/devServer.js";

const server = withDevServer();

const QUESTION = "നമസ്കാരം, എന്റെ ഓർഡർ എവിടെ എത്തി?";
const ANSWER = "നിങ്ങളുടെ ഓർഡർ നാളെ രാവിലെ എത്തും.";
const LONG_ANSWER =
  "നിങ്ങളുടെ ഓർഡർ ഇന്നലെ കൊച്ചിയിലെ ഗോഡൗണിൽ നിന്ന് പുറപ്പെട്ടു, നാളെ രാവിലെ പത്തു മണിക്കും പന്ത്രണ്ടു മണിക്കും ഇടയിൽ എത്തും.";

/** Exposes the provider's actions to the test. */
function Actions({ into }: { into: { current: ReturnType<typeof useSwaramContext> | null } }) {
  into.current = useSwaramContext();
  return null;
}

function renderTranscript(extra: Parameters<typeof sessionOptions>[1] = {}, lang = "ml") {
  const dev = server();
  const controls: { current: ReturnType<typeof useSwaramContext> | null } = { current: null };
  const view = render(
    <SwaramProvider options={sessionOptions(dev, extra)}>
      <Actions into={controls} />
      <Transcript lang={lang} style={{ height: 100, overflow: "auto" }} />
    </SwaramProvider>,
  );
  const actions = () => {
    if (!controls.current) throw new Error("not rendered");
    return controls.current;
  };
  return { dev, view, actions, log: screen.getByRole("log") };
}

describe("<Transcript>", () => {
  it("shows both sides of a Malayalam conversation in a polite live region, streaming the reply", async () => {
    const dev = server();
    dev.script.transcript(QUESTION);
    dev.script.reply(ANSWER);
    const audio = createScriptedAudio({ frames: [...speechFrames(700), ...silenceFrames(900)] });
    const { log, actions } = renderTranscript({ audio });
    expect(log.getAttribute("aria-live")).toBe("polite");
    expect(log.getAttribute("aria-label")).toBe("സംഭാഷണത്തിന്റെ എഴുത്തുരൂപം");

    const partial: string[] = [];
    const observer = new MutationObserver(() => {
      const agent = log.querySelector('li[data-role="agent"][data-status="streaming"]');
      if (agent?.getAttribute("aria-busy") === "true") partial.push(agent.textContent ?? "");
    });
    observer.observe(log, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    await act(() => actions().start());
    await waitFor(
      () =>
        expect(log.querySelector('li[data-role="agent"][data-status="complete"]')).not.toBeNull(),
      {
        timeout: 10_000,
      },
    );
    observer.disconnect();

    const items = [...log.querySelectorAll("li")];
    expect(items.map((li) => li.dataset.role)).toEqual(["user", "agent"]);
    expect(items[0]?.textContent).toBe(`നിങ്ങൾ: ${QUESTION}`);
    expect(items[1]?.textContent).toBe(`സഹായി: ${ANSWER}`);
    expect(items[1]?.getAttribute("aria-busy")).toBe("false");
    expect(partial.length).toBeGreaterThan(1);
    expect(partial.some((text) => text.length < `സഹായി: ${ANSWER}`.length)).toBe(true);
  });

  it("marks an interrupted reply, showing what was heard and striking what was not", async () => {
    const dev = server();
    const audio = createScriptedAudio();
    const { log, actions } = renderTranscript({ audio }, "en");
    dev.script.reply(LONG_ANSWER);
    await act(() => actions().start());
    act(() => actions().greet());
    await waitFor(() => expect(audio.played.length).toBeGreaterThan(20), { timeout: 10_000 });
    act(() => actions().interrupt());

    const entry = await waitFor(() => {
      const li = log.querySelector<HTMLElement>('li[data-role="agent"][data-status="interrupted"]');
      expect(li).not.toBeNull();
      return li as HTMLElement;
    });
    const heard = entry.querySelector('[data-swaram-part="heard"]')?.textContent ?? "";
    const unheard = entry.querySelector('del[data-swaram-part="unheard"]')?.textContent ?? "";
    expect(heard.length).toBeGreaterThan(0);
    expect(unheard.length).toBeGreaterThan(0);
    expect(LONG_ANSWER.startsWith(heard + unheard)).toBe(true);
    expect(entry.textContent).toBe(`Assistant: ${heard}${unheard} (interrupted)`);
  });

  it("renders entries through a render prop, falling back to the default", async () => {
    const dev = server();
    dev.script.reply(ANSWER);
    render(
      <SwaramProvider options={sessionOptions(dev)}>
        <Greeter />
        <Transcript
          lang="en"
          renderMessage={(message, labels) =>
            message.role === "agent" && message.status === "complete" ? (
              <blockquote>
                {labels.agent} said «{message.text}»
              </blockquote>
            ) : undefined
          }
        />
      </SwaramProvider>,
    );
    const quote = await screen.findByText(`Assistant said «${ANSWER}»`, {}, { timeout: 10_000 });
    expect(quote.tagName).toBe("BLOCKQUOTE");
  });

  it("keeps the built-in label for any label given as undefined", async () => {
    const dev = server();
    dev.script.reply(ANSWER);
    const notLoaded: string | undefined = undefined; // e.g. a CMS string not loaded yet
    render(
      <SwaramProvider options={sessionOptions(dev)}>
        <Greeter />
        <Transcript
          lang="en"
          labels={{ agent: notLoaded, region: notLoaded, interrupted: "cut off" }}
          aria-label={notLoaded}
        />
      </SwaramProvider>,
    );
    expect(screen.getByRole("log").getAttribute("aria-label")).toBe("Conversation transcript");
    const reply = await screen.findByText(ANSWER, {}, { timeout: 10_000 });
    expect(reply.closest("li")?.textContent).toBe(`Assistant: ${ANSWER}`);
  });

  it("leaves out the entries a render prop returns null for", async () => {
    const dev = server();
    dev.script.reply(ANSWER);
    render(
      <SwaramProvider options={sessionOptions(dev)}>
        <Greeter />
        <Transcript lang="en" aria-label="everything" />
        <Transcript
          lang="en"
          aria-label="without replies"
          renderMessage={(message) => (message.role === "agent" ? null : undefined)}
        />
      </SwaramProvider>,
    );
    const everything = screen.getByRole("log", { name: "everything" });
    await waitFor(
      () =>
        expect(
          everything.querySelector('li[data-role="agent"][data-status="complete"]'),
        ).not.toBeNull(),
      { timeout: 10_000 },
    );
    expect(
      screen.getByRole("log", { name: "without replies" }).querySelectorAll("li"),
    ).toHaveLength(0);
  });

  it("follows new text at the bottom, unless the user scrolled up", async () => {
    const dev = server();
    const { log, actions } = renderTranscript({}, "en");
    let height = 100;
    Object.defineProperty(log, "clientHeight", { configurable: true, get: () => 100 });
    Object.defineProperty(log, "scrollHeight", { configurable: true, get: () => height });
    await act(() => actions().start());

    height = 400;
    dev.script.reply(ANSWER);
    act(() => actions().greet());
    await waitFor(() => expect(log.querySelector("li")).not.toBeNull(), { timeout: 10_000 });
    await waitFor(() => expect(log.scrollTop).toBe(400));

    log.scrollTop = 50;
    fireEvent.scroll(log);
    await waitFor(() => expect(log.querySelector('li[data-status="complete"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    height = 700;
    dev.script.reply(ANSWER);
    act(() => actions().greet());
    await waitFor(() => expect(log.querySelectorAll("li")).toHaveLength(2), { timeout: 10_000 });
    expect(log.scrollTop).toBe(50);

    log.scrollTop = 600;
    fireEvent.scroll(log);
    await waitFor(
      () => expect(log.querySelectorAll('li[data-status="complete"]')).toHaveLength(2),
      {
        timeout: 10_000,
      },
    );
    height = 900;
    dev.script.reply(ANSWER);
    act(() => actions().greet());
    await waitFor(() => expect(log.scrollTop).toBe(900), { timeout: 10_000 });
  });
});

/** Connects and asks the agent to speak first, once mounted. */
function Greeter() {
  const { start, greet } = useSwaramContext();
  useEffect(() => {
    void start().then(() => greet());
  }, [start, greet]);
  return null;
}
