/**
 * Building SVG text: escaping and elements (pure).
 *
 * @module
 */

/** An attribute value; `undefined` omits the attribute. @category Output */
export type SvgAttributeValue = string | number | undefined;

/**
 * Escapes text for SVG content and attribute values (`&`, `<`, `>`, `"`, `'`).
 *
 * @category Output
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Formats a coordinate with at most 2 decimals (keeps files small). @internal */
export function coord(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Renders one SVG element: `el('circle', { cx: 1, r: 2 })` gives `<circle cx="1" r="2"/>`.
 * Numbers are rounded to 2 decimals; `children` is inserted verbatim (already SVG text).
 *
 * @param tag - the element name
 * @param attrs - attribute values, escaped
 * @param children - SVG text of the children (use {@link escapeXml} for plain text)
 * @category Output
 */
export function el(tag: string, attrs: Readonly<Record<string, SvgAttributeValue>> = {}, children?: string): string {
  const parts = [tag];
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined) parts.push(`${k}="${typeof v === 'number' ? coord(v) : escapeXml(v)}"`);
  }
  const open = parts.join(' ');
  return children === undefined ? `<${open}/>` : `<${open}>${children}</${tag}>`;
}

/**
 * Wraps content in a standalone `<svg>` document of the given size, on a white background.
 *
 * @category Output
 */
export function svgDocument(width: number, height: number, content: string): string {
  const attrs = { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'sans-serif', 'font-size': 12 };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el('svg', attrs, `\n${el('rect', { width, height, fill: 'white' })}\n${content}\n`)}\n`;
}
