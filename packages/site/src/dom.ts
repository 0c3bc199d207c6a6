/**
 * Builds DOM nodes. Strings become text nodes, never markup: user content can only ever show as
 * text. There is no innerHTML anywhere in the site.
 */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'className') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing`);
  return node as T;
}

/** A live region's text, for screen readers and everyone else alike. */
export function say(region: HTMLElement, text: string): void {
  region.textContent = text;
}

export const params = new URLSearchParams(location.search);

/**
 * A button that shows and hides `target` (a disclosure: `aria-expanded` follows the target,
 * `aria-controls` names it when it has an id). `onToggle` runs after each change, with whether it
 * is now open; `close()` hides it from elsewhere (a form sent, say).
 */
export function disclosure(
  target: HTMLElement,
  label: string,
  options: { className?: string; ariaLabel?: string; onToggle?: (open: boolean) => void } = {},
): { button: HTMLButtonElement; close: () => void } {
  target.hidden = true;
  const button = h(
    'button',
    {
      type: 'button',
      className: options.className ?? 'secondary',
      'aria-expanded': 'false',
      'aria-controls': target.id || undefined,
      'aria-label': options.ariaLabel,
    },
    label,
  );
  const set = (open: boolean) => {
    target.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => {
    set(button.getAttribute('aria-expanded') !== 'true');
    options.onToggle?.(button.getAttribute('aria-expanded') === 'true');
  });
  return { button, close: () => set(false) };
}
