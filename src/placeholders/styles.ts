// The placeholder's stylesheet. Colours, radius and font come from the widget's custom properties
// (`--consentry-*`, set on any ancestor), so a site themes both at once; the fallbacks meet WCAG AA.
export const css =
  ':host{display:block;max-width:100%;box-sizing:border-box}' +
  '.p{--bg:var(--consentry-bg,#f4f4f6);--fg:var(--consentry-fg,#1b1b1f);--ac:var(--consentry-accent,#1d4ed8);--on:var(--consentry-accent-text,#fff);' +
  'box-sizing:border-box;width:100%;height:100%;min-height:8rem;display:flex;flex-direction:column;justify-content:center;align-items:center;gap:.75rem;' +
  'padding:1rem;text-align:center;background:var(--bg);color:var(--fg);border:1px solid #8886;border-radius:var(--consentry-radius,8px);font:var(--consentry-font,15px/1.5 system-ui,sans-serif)}' +
  '@media (prefers-color-scheme:dark){.p{--bg:var(--consentry-bg,#1b1b1f);--fg:var(--consentry-fg,#f2f2f5);--ac:var(--consentry-accent,#8fb2ff);--on:var(--consentry-accent-text,#10131a)}}' +
  'p{margin:0;max-width:36rem}.a{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:center}' +
  'button{font:inherit;cursor:pointer;min-height:44px;padding:.5rem 1rem;border-radius:var(--consentry-radius,8px);border:2px solid var(--ac);background:var(--ac);color:var(--on)}' +
  '.o{background:none;color:var(--fg)}:focus-visible{outline:3px solid var(--ac);outline-offset:2px}'
