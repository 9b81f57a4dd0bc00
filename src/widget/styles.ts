// The widget's whole stylesheet. Colours come from custom properties the page may set on any
// ancestor (they inherit into the shadow root); the fallbacks meet WCAG AA contrast in both schemes.
export const css =
  '.w{--bg:var(--consentry-bg,#fff);--fg:var(--consentry-fg,#1b1b1f);--mu:var(--consentry-muted,#4a4a55);--ac:var(--consentry-accent,#1d4ed8);--on:var(--consentry-accent-text,#fff);--r:var(--consentry-radius,8px);font:var(--consentry-font,15px/1.5 system-ui,sans-serif);color:var(--fg)}' +
  '@media (prefers-color-scheme:dark){.w{--bg:var(--consentry-bg,#1b1b1f);--fg:var(--consentry-fg,#f2f2f5);--mu:var(--consentry-muted,#c4c4cc);--ac:var(--consentry-accent,#8fb2ff);--on:var(--consentry-accent-text,#10131a)}}' +
  '[hidden]{display:none!important}' +
  '.b,.d,.f{position:fixed;z-index:2147483647;background:var(--bg);color:var(--fg);border-radius:var(--r);box-shadow:0 4px 24px #0006}' +
  '.b{inset:auto 1rem 1rem;max-width:42rem;margin:auto;padding:1rem 1.25rem}' +
  '.x{position:fixed;inset:0;z-index:2147483646;background:#0009}' +
  '.d{top:50%;left:50%;transform:translate(-50%,-50%);box-sizing:border-box;width:min(36rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;padding:1.25rem}' +
  '.f{bottom:1rem;inset-inline-start:1rem}' +
  'h2{font-size:1.2em;margin:0 0 .5rem}p{margin:0 0 .75rem}' +
  '.h{display:flex;justify-content:space-between;align-items:start;gap:1rem}' +
  '.a{display:flex;flex-wrap:wrap;gap:.5rem}' +
  'button{font:inherit;cursor:pointer;min-height:44px;padding:.5rem 1rem;border-radius:var(--r);border:2px solid var(--ac);background:var(--ac);color:var(--on)}' +
  '.c{background:none;color:var(--fg)}' +
  '.l{display:inline-block;min-height:24px;color:var(--ac);font-weight:600;text-decoration:underline}.g{font-weight:600}' +
  'ul{list-style:none;margin:0 0 1rem;padding:0}li{padding:.6rem 0;border-top:1px solid #8885}' +
  'ul ul{margin:.4rem 0 0;padding-inline-start:1.25rem;border-inline-start:2px solid var(--mu)}ul ul li{border:0;padding:.3rem 0}' +
  '.r{display:flex;align-items:center;gap:.75rem}label{font-weight:600;margin-inline-end:auto}.s{color:var(--mu);font-size:.9em;margin:.2rem 0 0}.r .s{margin:0}' +
  'input{appearance:none;flex:none;position:relative;width:2.75rem;height:1.5rem;margin:0;border-radius:1rem;background:var(--mu);cursor:pointer}' +
  'input:before{content:"";position:absolute;top:.2rem;inset-inline-start:.2rem;width:1.1rem;height:1.1rem;border-radius:50%;background:var(--bg)}' +
  'input:checked{background:var(--ac)}input:checked:before{inset-inline-start:1.45rem}input:disabled{opacity:.6;cursor:not-allowed}' +
  ':focus-visible{outline:3px solid var(--ac);outline-offset:2px}' +
  '@media (prefers-reduced-motion:no-preference){input:before{transition:inset-inline-start .15s}}' +
  '@media (forced-colors:active){input{border:1px solid}input:checked:before{background:Highlight}}'
