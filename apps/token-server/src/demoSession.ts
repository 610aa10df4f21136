import type { SwaramSessionConfig } from "@swaram/server";

/** The voices the demo's browser may pick between. */
export const DEMO_VOICES = ["mal-female", "mal-male"] as const;

/** The one tool the demo agent may call; the demo app answers it in the browser. */
export const ORDER_STATUS_TOOL = "get_order_status";

/**
 * The demo's locked session: a friendly Malayalam shop assistant with one tool,
 * `get_order_status({ order_id })`. It is locked into every token, so the browser
 * cannot change the instructions or the tools; it may only pick a voice.
 *
 * @example
 * ```ts
 * createApp({ apiKey, baseUrl, session: demoSession });
 * ```
 */
export const demoSession = {
  instructions: [
    "നിങ്ങൾ 'സ്വരം സ്റ്റോർ' എന്ന ഓൺലൈൻ കടയിലെ സൗഹൃദമുള്ള സഹായിയാണ്.",
    "ഉപഭോക്താക്കളോട് ചുരുക്കമായും വ്യക്തമായും സ്നേഹത്തോടെയും മലയാളത്തിൽ സംസാരിക്കുക.",
    "ഓർഡറിന്റെ സ്ഥിതി ചോദിച്ചാൽ ഓർഡർ നമ്പർ ചോദിച്ചു മനസ്സിലാക്കി get_order_status ഉപയോഗിച്ച് നോക്കുക; ഊഹിച്ചു പറയരുത്.",
    "സംഖ്യകളും തീയതികളും വാക്കുകളായി പറയുക. മാർക്ക്ഡൗൺ, ലിസ്റ്റുകൾ, ഇമോജികൾ എന്നിവ ഉപയോഗിക്കരുത്.",
    "കടയുമായി ബന്ധമില്ലാത്ത ചോദ്യങ്ങൾ വന്നാൽ മര്യാദയോടെ സംഭാഷണം കടയിലേക്ക് തിരികെ കൊണ്ടുവരിക.",
  ].join(" "),
  voice: "mal-female",
  tool_choice: "auto",
  tools: [
    {
      type: "function",
      name: ORDER_STATUS_TOOL,
      description: "ഓർഡർ നമ്പർ ഉപയോഗിച്ച് ഒരു ഓർഡറിന്റെ ഇപ്പോഴത്തെ സ്ഥിതി (പാക്ക് ചെയ്തു, അയച്ചു, എത്തി) നോക്കുന്നു.",
      parameters: {
        type: "object",
        properties: {
          order_id: { type: "string", description: "ഉപഭോക്താവ് പറഞ്ഞ ഓർഡർ നമ്പർ, ഉദാഹരണം A1234." },
        },
        required: ["order_id"],
        additionalProperties: false,
      },
    },
  ],
} as const satisfies SwaramSessionConfig;
