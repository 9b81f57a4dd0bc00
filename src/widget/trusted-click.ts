/**
 * Runs `action` on a click the visitor made on `node` itself: the click must be trusted (a script's
 * `click()` or dispatched event is not), and a key press that activated it must have started on
 * `node`. A script that moves focus onto a consent button while the visitor presses Enter in a
 * search box gets a trusted click out of that key press (Enter's activation goes to whatever has
 * focus when its `keypress` arrives; Space's, in some browsers, at its `keyup`). So a `keypress` or
 * `keyup` reaching `node` with no `keydown` of its own before it makes a click in the same task
 * (the activation that key causes) stray. Mouse, touch and assistive technology (whose clicks come
 * with no key events) are unaffected, and so is a later click. Shared by the widget and the
 * placeholders. Returns the check, for a listener of its own (a switch cancels a stray click).
 * @internal
 */
export function onTrustedClick(node: HTMLElement, action?: () => void): (event: Event) => boolean {
  let down = false
  let stray = false
  node.addEventListener('keydown', (event) => {
    // A held key repeats on whatever now has focus: only the press itself counts. A press that
    // starts here also ends whatever key arrived before it (the keyup of the Tab that came here).
    if (event.isTrusted && !event.repeat) [down, stray] = [true, false]
  })
  // A press whose key goes up elsewhere (Tab moves focus on) ends here.
  node.addEventListener('blur', () => {
    down = false
  })
  const arrived = (event: Event) => {
    if (!event.isTrusted || down) return
    stray = true
    // The activation a key causes is dispatched in the key event's own task; nothing after it is stray.
    setTimeout(() => {
      stray = false
    })
  }
  node.addEventListener('keypress', arrived)
  node.addEventListener('keyup', (event) => {
    arrived(event)
    down = false
  })
  const may = (event: Event) => event.isTrusted && !stray
  if (action) node.addEventListener('click', (event) => may(event) && action())
  return may
}
