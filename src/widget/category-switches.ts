import type { Category, CategoryPreferences } from 'consentry'
import { el } from './el.js'
import type { PreferenceCenterTexts } from './texts.js'
import { onTrustedClick } from './trusted-click.js'

/**
 * The dialog's list: one labelled switch per category, topics nested under their purpose. It keeps
 * its own draft, changed only by trusted events, so Save never reads a checkbox a script has set.
 * @internal
 */
export function categorySwitches(categories: readonly Category[], t: PreferenceCenterTexts) {
  const draft: Record<string, boolean> = {}
  const inputs = new Map<string, HTMLInputElement>()
  let count = 0

  const always = (c: Category) => c.enforcement === 'always'
  const parentOf = (c: Category) => categories.find((p) => p.id === c.parent)
  // What the draft grants: a topic only while its purpose is granted too.
  const granted = (c: Category | undefined): boolean => !c || always(c) || (draft[c.id] === true && (!c.parent || granted(parentOf(c))))

  const sync = () => {
    for (const c of categories) {
      const input = inputs.get(c.id) as HTMLInputElement
      input.disabled = always(c) || !granted(parentOf(c))
      input.checked = granted(c)
    }
  }

  const level = (parent: string | undefined): HTMLUListElement =>
    el(
      'ul',
      {},
      undefined,
      ...categories
        .filter((c) => c.parent === parent)
        .map((c) => {
          const id = `c${count++}`
          const own = t.categories && Object.hasOwn(t.categories, c.id) ? t.categories[c.id] : undefined
          const description = own?.description ?? c.description
          // "Always on" and the description are separate elements, so no language's punctuation is assumed.
          const notes = [always(c) && el('span', { class: 's', id: `${id}a` }, t.alwaysOn), description && el('p', { class: 's', id: `${id}d` }, description)].filter(
            (node): node is HTMLElement => !!node,
          )
          const input = el('input', { type: 'checkbox', role: 'switch', id, ...(notes.length ? { 'aria-describedby': notes.map((n) => n.id).join(' ') } : {}) })
          inputs.set(c.id, input)
          // A synthetic click still toggles a checkbox and fires a *trusted* change event, so the
          // untrusted click itself is cancelled (and so is a key press steered here by moving focus).
          const may = onTrustedClick(input)
          input.addEventListener('click', (event) => may(event) || event.preventDefault())
          input.addEventListener('change', (event) => {
            if (event.isTrusted) draft[c.id] = input.checked
            sync()
          })
          const topics = categories.some((topic) => topic.parent === c.id) ? [level(c.id)] : []
          return el(
            'li',
            {},
            undefined,
            el('div', { class: 'r' }, undefined, el('label', { for: id }, own?.name ?? c.name), ...notes.slice(0, always(c) ? 1 : 0), input),
            ...notes.slice(always(c) ? 1 : 0),
            ...topics,
          )
        }),
    )

  return {
    list: level(undefined),
    granted,
    /** Resets the draft (and the switches) to a consent state. */
    load(preferences: Readonly<CategoryPreferences>): void {
      for (const c of categories) draft[c.id] = preferences[c.id] === true
      sync()
    },
  }
}
