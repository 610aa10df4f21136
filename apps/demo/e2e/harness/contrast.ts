import type { Locator } from "playwright-core";

/** Red, green, blue (0–255) and alpha (0–1). */
type Rgba = [number, number, number, number];

/** An element and its ancestors, root first: what each paints under the text. */
interface Painted {
  layers: { background: string; opacity: number }[];
  color: string;
  border: string;
  outline: string;
}

/** Computed colours as Chromium serialises them: `rgb()`, `rgba()` and `color(srgb …)`. */
function parse(css: string): Rgba {
  const numbers = css.match(/-?[\d.]+(e-?\d+)?/g)?.map(Number) ?? [];
  const [a = 0, b = 0, c = 0, alpha = 1] = numbers;
  if (/^rgba?\(/.test(css)) return [a, b, c, alpha];
  if (css.startsWith("color(srgb ")) return [a * 255, b * 255, c * 255, alpha];
  throw new Error(`cannot read the colour ${css}`);
}

const over = (top: Rgba, under: Rgba): Rgba => {
  const [r, g, b, a] = top;
  return [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a), 1];
};

const mix = (from: Rgba, to: Rgba, t: number): Rgba => over([to[0], to[1], to[2], t], from);

/**
 * The colour on screen where `layers` (root first) stack, with `top` painted on the last.
 * An element's opacity blends its whole group with what lies behind it.
 */
function composite(layers: Painted["layers"], top?: Rgba, behind: Rgba = [255, 255, 255, 1]): Rgba {
  const [layer, ...rest] = layers;
  if (!layer) return top ? over(top, behind) : behind;
  const own = over(parse(layer.background), behind);
  return mix(behind, composite(rest, top, own), layer.opacity);
}

function luminance([r, g, b]: Rgba): number {
  const linear = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG 2 contrast ratio of two opaque colours (1 to 21). */
function ratio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}

function read(locator: Locator): Promise<Painted> {
  return locator.evaluate((el) => {
    const layers: Painted["layers"] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      layers.unshift({ background: style.backgroundColor, opacity: Number(style.opacity) });
    }
    const style = getComputedStyle(el);
    return {
      layers,
      color: style.color,
      border: style.borderTopColor,
      outline: style.outlineColor,
    };
  });
}

/** Contrast of the element's text with what is painted under it. */
export async function textContrast(locator: Locator): Promise<number> {
  const { layers, color } = await read(locator);
  return ratio(composite(layers, parse(color)), composite(layers));
}

/**
 * Contrast of a part of the element (its border, its outline, or its whole fill) with what
 * surrounds the element: its parent's background.
 */
export async function partContrast(
  locator: Locator,
  part: "border" | "outline" | "fill",
): Promise<number> {
  const { layers, border, outline } = await read(locator);
  const parents = layers.slice(0, -1);
  const opacity = layers.at(-1)?.opacity ?? 1;
  const drawn =
    part === "fill"
      ? composite(layers)
      : part === "border"
        ? composite(layers, parse(border))
        : // The outline lies outside the element's box, on the parent's background.
          composite([...parents, { background: "rgba(0, 0, 0, 0)", opacity }], parse(outline));
  return ratio(drawn, composite(parents));
}
