/** Outdoors, in the sun: what marks a control and the focus ring stand out at least 3:1 (WCAG 1.4.11). */
import { describe, expect, it } from 'vitest';
import css from './app.css?raw'; // the real text: vite.config.ts lets app.css through (test.css.include)

function variables(): Map<string, string> {
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return new Map([...root.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

function rgb(hex: string): number[] {
  const digits = hex.replace('#', '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255);
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** The declarations of the rule whose selector list starts with `selector`. */
function rule(selector: string): string {
  const at = css.indexOf(`${selector}`);
  expect(at, selector).toBeGreaterThanOrEqual(0);
  return css.slice(css.indexOf('{', at) + 1, css.indexOf('}', at));
}

describe('contrast of the controls on cream and white', () => {
  const vars = variables();
  const color = (name: string) => vars.get(name) ?? '';
  const backgrounds = { cream: color('cream'), white: '#ffffff' };

  it.each(['field-line', 'focus', 'switch-off'])('--%s is at least 3:1 on the page and in the fields', (name) => {
    for (const [where, background] of Object.entries(backgrounds)) {
      expect(contrast(color(name), background), `${name} on ${where}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('the fields, the focus ring and the switch use those colours', () => {
    expect(rule('input, textarea, select {')).toMatch(/border: 2px solid var\(--field-line\)/);
    expect(rule('input:focus, textarea:focus')).toMatch(/outline: 3px solid var\(--focus\)/);
    expect(rule('.switch:has(input:focus-visible)')).toMatch(/outline: 3px solid var\(--focus\)/);
    expect(rule('.switch-track {')).toMatch(/background: var\(--switch-off\)/);
    expect(css).not.toMatch(/#f0b400/i);
  });

  it('knows a failing pair when it sees one (the old borders and ring)', () => {
    expect(contrast('#d9d2c3', '#fffaf0')).toBeLessThan(1.5);
    expect(contrast('#f0b400', '#fffaf0')).toBeLessThan(1.9);
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
  });
});
