/**
 * A tiny DOM builder. Every piece of user data goes in as a text node or a property, never through
 * innerHTML, so a slide titled `<img onerror=…>` stays text (XSS).
 */

/** Anything `h` accepts as a child; falsy values are skipped so conditionals read naturally. */
export type Child = Node | string | number | null | undefined | false | Child[];

type Listener = (event: Event) => void;
/** Attributes, `on<event>` listeners, and the properties in PROPERTIES. */
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

// NOTE: these must be set as properties: the `value` attribute of a <select> does nothing, and the
// attribute form of `checked` only sets the default, which a reset would bring back.
const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

/** Builds an element: `h('button', { class: 'btn', onclick: save }, ['保存'])`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Child = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const props: [string, unknown][] = [];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
    } else if (PROPERTIES.has(name)) {
      props.push([name, value]);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  // Properties go last: a <select>'s value only sticks once its options exist.
  for (const [name, value] of props) (el as unknown as Record<string, unknown>)[name] = value;
  return el;
}

/** Appends children (nested arrays flattened, falsy skipped). */
export function append(parent: Node, children: Child): void {
  if (children === null || children === undefined || children === false) return;
  if (Array.isArray(children)) {
    for (const c of children) append(parent, c);
  } else if (children instanceof Node) {
    parent.appendChild(children);
  } else {
    parent.appendChild(document.createTextNode(String(children)));
  }
}

/** Replaces all children of `el`. */
export function mount(el: Element, children: Child): void {
  el.replaceChildren();
  append(el, children);
}

/** `<option>`s from value/label pairs. */
export function options(pairs: readonly (readonly [string, string])[], selected?: string | readonly string[]): HTMLOptionElement[] {
  const chosen = new Set(typeof selected === 'string' ? [selected] : (selected ?? []));
  return pairs.map(([value, label]) => h('option', { value, selected: chosen.has(value) }, label));
}

/** The selected values of a `<select multiple>`. */
export function selectedValues(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((o) => o.value);
}
