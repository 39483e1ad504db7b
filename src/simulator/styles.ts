/**
 * The simulator's style sheets, kept compact, one rule per line. They are emitted inside a nonce'd
 * `<style>` element; the only variable part is the account's primary colour, validated as `#rrggbb`.
 */

const COLOUR = /^#[0-9a-f]{6}$/i;
const DEFAULT_PRIMARY = '#232f3e';

/** The hosted payment page's CSS in the account's primary colour (the default when it is not `#rrggbb`). */
export function hostedPageCss(primaryColour: string | undefined): string {
  const primary = primaryColour !== undefined && COLOUR.test(primaryColour) ? primaryColour : DEFAULT_PRIMARY;
  return `
:root { --primary: ${primary}; }
body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
header { background: var(--primary); color: #fff; padding: 1rem 1.5rem; display: flex; gap: 1rem; align-items: center; }
header img { max-height: 40px; background: #fff; border-radius: 4px; padding: 2px; }
main { max-width: 34rem; margin: 1.5rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
label { display: block; margin-top: .9rem; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; margin-top: .25rem; border: 1px solid #888; border-radius: 4px; }
input:focus, button:focus { outline: 3px solid #0a66c2; outline-offset: 1px; }
.actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
button { padding: .6rem 1.2rem; font-size: 1rem; border-radius: 4px; border: 1px solid var(--primary); cursor: pointer; }
button.primary { background: var(--primary); color: #fff; }
button.secondary { background: #fff; color: var(--primary); }
.summary { display: grid; grid-template-columns: auto 1fr; gap: .25rem 1rem; }
.badge { background: #fff3cd; border: 1px solid #e0c36a; padding: .5rem .75rem; border-radius: 4px; }
.error { background: #fde8e8; border: 1px solid #d33; padding: .5rem .75rem; border-radius: 4px; }
.field-error { color: #b00; margin: .25rem 0 0; font-size: .9rem; }
input[aria-invalid='true'] { border-color: #d33; }
label.check { font-weight: normal; } label.check input { width: auto; margin-inline-end: .4rem; }
body.merchant-page main { margin: 0 auto; box-shadow: none; }
.otp { font-size: 1.4rem; letter-spacing: .2em; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-top: .5rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem; text-align: start; }
code { font-size: .95em; }
code, .otp { direction: ltr; unicode-bidi: isolate; }
`;
}

/** The dashboard's CSS. */
export const DASHBOARD_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #f6f7f9; }
header { background: #232f3e; color: #fff; padding: .8rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
header a { color: #fff; } header strong { font-size: 1.1rem; }
main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1.5rem; }
section { background: #fff; border: 1px solid #dde; border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1.25rem; }
h2 { margin-top: 0; font-size: 1.15rem; }
label { display: block; margin-top: .7rem; font-weight: 600; }
input[type=text], input[type=url], input[type=number], select { width: 100%; max-width: 36rem; padding: .45rem; box-sizing: border-box; font: inherit; }
fieldset { border: 1px solid #ccd; margin-top: .7rem; } legend { font-weight: 600; }
fieldset label { display: inline-block; font-weight: normal; margin: .2rem 1rem .2rem 0; }
button { margin-top: 1rem; padding: .45rem 1rem; font: inherit; cursor: pointer; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #e2e2e8; padding: .35rem .4rem; text-align: left; vertical-align: top; }
code, pre { font-size: .85rem; } pre { white-space: pre-wrap; word-break: break-all; margin: 0; }
.notice { background: #e7f4e7; border: 1px solid #6a6; padding: .5rem .75rem; border-radius: 4px; }
.error { background: #fde8e8; border: 1px solid #d33; padding: .5rem .75rem; border-radius: 4px; }
.muted { color: #666; }
@media (max-width: 40rem) {
  main { padding: 0 .75rem; } section { overflow-wrap: anywhere; }
  table { display: block; overflow-x: auto; max-width: 100%; } th, td { overflow-wrap: anywhere; }
  input[type=text], input[type=url], input[type=number], select { max-width: 100%; }
}
`;
