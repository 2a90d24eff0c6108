// Prettier: the code's own style before it was adopted (single quotes, ~120 columns, trailing commas), so the
// one-off reformat churned as little as possible. `npm run format` applies it; `npm run lint` checks it.
/** @type {import('prettier').Config} */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  arrowParens: 'always',
  // Lit `html`/`css` templates and the portal's server-rendered HTML stay as written: reformatting them moves
  // whitespace inside text nodes (what tests and screen readers read) and rewraps every template.
  embeddedLanguageFormatting: 'off',
};
