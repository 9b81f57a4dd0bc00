export type Attributes = Record<string, string>

/** Creates an element with attributes, text and children. @internal */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, text?: string, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const name in attributes) node.setAttribute(name, attributes[name] as string)
  // textContent, never innerHTML: category names and texts come from configuration.
  if (text !== undefined) node.textContent = text
  node.append(...children)
  return node
}
