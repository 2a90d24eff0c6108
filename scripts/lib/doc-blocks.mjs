// Code blocks of the project's Markdown docs, for the doc tests (scripts/doc-tests.test.mjs and
// tests/embedding-guide.test.mjs): every block is extracted with where it is, so a broken example fails CI
// and names the README line. Node built-ins only.
//
// A block may carry directives in an HTML comment on the line right above its fence (invisible on GitHub):
//   <!-- doc-test: continues -->        the block goes on from the previous block of the same language
//   <!-- doc-test: file=server.mjs -->  the embedding guide's runnable files, by name
//   <!-- doc-test: step=install -->     the embedding guide's commands, by step
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

/** The Markdown files whose code blocks are tested. */
export const DOC_FILES = [
  'README.md',
  'packages/core/README.md',
  'packages/elements/README.md',
  'packages/server-adapter/README.md',
  'examples/portal/README.md',
  'examples/cdn/README.md',
  'examples/react/README.md',
  'examples/vue/README.md',
  'examples/angular/README.md',
  'docs/architecture.md',
  'docs/accessibility.md',
  'docs/deploy.md',
];

/**
 * @typedef {object} DocBlock
 * @property {string} file        path relative to the repository
 * @property {number} line        1-based line of the opening fence
 * @property {string} lang        the fence's language (`ts`, `html`, `sh`, …), `''` when none
 * @property {string} code
 * @property {Record<string, string | true>} directives
 */

/**
 * Every fenced code block of one Markdown text.
 * @param {string} text
 * @param {string} file
 * @returns {DocBlock[]}
 */
export function parseBlocks(text, file) {
  const lines = text.split('\n');
  /** @type {DocBlock[]} */
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(`${indent}${fence}`)) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
      j += 1;
    }
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: code block is never closed`);
    blocks.push({
      file,
      line: i + 1,
      lang: lang.toLowerCase(),
      code: `${body.join('\n')}\n`,
      directives: directivesAbove(lines, i),
    });
    i = j;
  }
  return blocks;
}

/** `<!-- doc-test: a b=c -->` on the line above a fence → `{ a: true, b: 'c' }`. */
function directivesAbove(lines, index) {
  const match = /^\s*<!--\s*doc-test:(.*?)-->\s*$/.exec(lines[index - 1] ?? '');
  if (!match) return {};
  return Object.fromEntries(
    match[1]
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => {
        const eq = word.indexOf('=');
        return eq === -1 ? [word, true] : [word.slice(0, eq), word.slice(eq + 1)];
      }),
  );
}

/**
 * Every block of every doc file (or of `files`).
 * @param {string[]} [files]
 * @returns {DocBlock[]}
 */
export function docBlocks(files = DOC_FILES, root = ROOT) {
  return files.flatMap((file) => parseBlocks(readFileSync(join(root, file), 'utf8'), file));
}

/**
 * The one block marked `<!-- doc-test: KEY=VALUE -->` (e.g. `file=server.mjs`, `step=install`); throws when there is
 * none or several, so a renamed example cannot silently drop out of the test.
 * @param {string} key
 * @param {string} value
 */
export function markedBlock(key, value, blocks = docBlocks(['README.md'])) {
  const found = blocks.filter((b) => b.directives[key] === value);
  if (found.length !== 1)
    throw new Error(
      `README.md must have exactly one block marked <!-- doc-test: ${key}=${value} --> (found ${found.length})`,
    );
  return found[0];
}
