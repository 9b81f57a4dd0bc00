// The in-page timer the start-up benches share (passed to page.evaluate, so it must stay
// self-contained): after one warm-up script (the page has run scripts and read its cookies before,
// as any real page has), runs each script as an inline <script> tag and takes a time stamp after
// each, then one more once `window.made` has settled (vanilla-cookieconsent's run() is async).
/**
 * @param {string[]} scripts
 * @returns {Promise<number[]>} performance.now() before the first script, after each, and after `window.made`
 */
export async function timeScripts(scripts) {
  const run = (text) => {
    const tag = document.createElement('script')
    tag.textContent = text
    document.head.appendChild(tag)
  }
  run('window.warm = document.cookie.length')
  const stamps = [performance.now()]
  for (const text of scripts) {
    run(text)
    stamps.push(performance.now())
  }
  await window.made
  stamps.push(performance.now())
  return stamps
}
