/**
 * Colours that stay readable (WCAG 2 contrast): the text colour for a button of the merchant's accent
 * colour, chosen by luminance, and a link colour from the accent that reaches 4.5:1 on the page.
 */

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function toHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The relative luminance of a `#rrggbb` colour (WCAG 2.x), 0 for black to 1 for white. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever reads better on `background` (always at least 4.5:1). */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio('#ffffff', background) >= contrastRatio('#000000', background) ? '#ffffff' : '#000000';
}

/** `color` darkened just enough to reach `ratio` against `background` (unchanged when it already does). */
export function readableOn(color: string, background: string, ratio = 4.5): string {
  const start = channels(color);
  for (let step = 0; step <= 20; step += 1) {
    const candidate = toHex(start.map((c) => c * (1 - step / 20)) as [number, number, number]);
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return '#000000';
}
