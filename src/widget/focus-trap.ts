/**
 * Keeps Tab and Shift+Tab inside the modal `dialog` and closes it on Escape: the keyboard half of
 * a modal dialog (the other half, making the page behind inert, is the caller's).
 * @internal
 */
export function trapFocus(dialog: HTMLElement, root: ShadowRoot, close: () => void): void {
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      return close()
    }
    if (event.key !== 'Tab') return
    const items = [...dialog.querySelectorAll<HTMLElement>('button,input:not(:disabled)')]
    const active = root.activeElement
    const edge = event.shiftKey ? active === items[0] || active === dialog : active === items[items.length - 1]
    if (edge) {
      event.preventDefault()
      items[event.shiftKey ? items.length - 1 : 0]?.focus()
    }
  })
}
