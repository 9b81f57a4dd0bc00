/**
 * Runs `action` on a click the visitor made on `node` itself: the click must be trusted (a script's
 * `click()` or dispatched event is not), and a key press that activated it must have started on
 * `node`. A script that moves focus onto a consent button while the visitor presses Enter in a
 * search box gets a trusted click out of that key press (Enter's activation goes to whatever has
 * focus when its `keypress` arrives), so a `keypress`/`keyup` reaching `node` with no `keydown` of
 * its own before it marks the next click as stray. Mouse, touch and assistive technology (whose
 * clicks come with no key events at all) are unaffected. Shared by the widget and the placeholders.
 * Returns a check for other listeners (a switch's click) that says whether an event may act.
 * @internal
 */
export function onTrustedClick(node: HTMLElement, action?: (event: Event) => void): (event: Event) => boolean {
  let down = false
  let stray = false
  node.addEventListener('keydown', (event) => {
    // A held key repeats on whatever now has focus: only the press itself counts.
    if (event.isTrusted && !event.repeat) [down, stray] = [true, false]
  })
  // A pointer press starts a new gesture (a stray key's late keyup is forgotten).
  node.addEventListener('pointerdown', (event) => {
    if (event.isTrusted) stray = false
  })
  const arrived = (event: Event) => {
    if (event.isTrusted && !down) stray = true
  }
  node.addEventListener('keypress', arrived)
  node.addEventListener('keyup', (event) => {
    arrived(event)
    down = false
  })
  const may = (event: Event) => {
    const ok = event.isTrusted && !stray
    stray = false
    return ok
  }
  if (action) node.addEventListener('click', (event) => may(event) && action(event))
  return may
}
