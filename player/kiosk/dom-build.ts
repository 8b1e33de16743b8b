/** A small element builder for the kiosk pages: tag, attributes (data-* and aria-* as written), children. */

type Child = Node | string | null | undefined | false;

/** Build `<tag>` with attributes and children; `class` and `text` are shorthands. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = String(value);
    else if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** A button the arrow keys can reach (every interactive thing in the kiosk is one). */
export function button(attrs: Record<string, string | number | boolean | undefined>, onPress: () => void, ...children: Child[]): HTMLButtonElement {
  const b = el('button', { type: 'button', 'data-kfocus': true, ...attrs }, ...children);
  b.addEventListener('click', onPress);
  return b;
}
