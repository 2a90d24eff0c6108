// Doc tests: every code block of the project's Markdown docs (scripts/lib/doc-blocks.mjs DOC_FILES) is checked, so
// an example that no longer matches the code fails `npm test` and names the doc line.
// - ts / js blocks are type-checked (strict) against the packages' sources; the reader's own code they mention
//   (`portal`, `audit`, `db`, …) is declared in scripts/doc-test-prelude.d.ts. `<!-- doc-test: continues -->` joins
//   a block to the previous one of its file.
// - sh blocks: `npm run X` names a real script, `node <file>` a real file, and `npx @visitkit/server-adapter …` runs.
// - html blocks use only elements Visitkit registers; css blocks only its `--vk-*` properties and `::part`s.
// - yaml and json blocks parse; a plain block listing paths (the repository layout) lists paths that exist.
// - `<!-- doc-test: excerpt-of=examples/vue/src/App.vue -->`: the block is lines of that file, word for word. The
//   framework examples' code is type-checked and run by their own builds (tests/embed-*.test.mjs), not
//   against the root packages, so their excerpts are checked only for being exact.
// The embedding guide's blocks are also run end to end (tests/embedding-guide.test.mjs).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { main as visitkitCli } from '../packages/server-adapter/bin/visitkit.mjs';
import { DOC_FILES, docBlocks } from './lib/doc-blocks.mjs';
import { ROOT } from './lib/paths.mjs';

const allBlocks = docBlocks();
/** Blocks quoted from the framework examples (checked by {@link excerptsAreExact}); every other check skips them. */
const excerpts = allBlocks.filter((b) => typeof b.directives['excerpt-of'] === 'string');
const blocks = allBlocks.filter((b) => !excerpts.includes(b));
const where = (block) => `${block.file}:${block.line}`;

/** Every file under `dir` (recursively) whose name passes `accept`, as text. */
function sourcesUnder(dir, accept) {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && accept(e.name))
    .map((e) => readFileSync(join(e.parentPath ?? e.path, e.name), 'utf8'));
}

describe('doc tests: every code block of the docs', () => {
  test('excerpts of the framework examples are word for word in the file they name', () => {
    for (const block of excerpts) {
      const file = join(ROOT, String(block.directives['excerpt-of']));
      assert.ok(existsSync(file), `${where(block)}: no file ${block.directives['excerpt-of']}`);
      assert.ok(
        readFileSync(file, 'utf8').includes(block.code),
        `${where(block)}: not an exact excerpt of ${block.directives['excerpt-of']}`,
      );
    }
  });

  test('the docs have code blocks and each is of a kind these tests check', () => {
    assert.ok(blocks.length > 20, `found ${blocks.length} blocks in ${DOC_FILES.length} files`);
    const known = new Set([
      'ts',
      'typescript',
      'tsx',
      'js',
      'javascript',
      'mjs',
      'sh',
      'bash',
      'shell',
      'html',
      'css',
      'yaml',
      'yml',
      'json',
      'sql',
      'text',
      '',
    ]);
    for (const block of blocks)
      assert.ok(known.has(block.lang), `${where(block)}: no doc test knows \`\`\`${block.lang} blocks`);
  });

  test('TypeScript and JavaScript blocks type-check against the packages', () => {
    const dir = join(ROOT, '.visitkit', 'doc-tests');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = new Map(); // written file → the block it came from
    let previous = new Map(); // doc file + language family → the last block's code, for `continues`
    for (const block of blocks) {
      const family = ['ts', 'typescript', 'tsx'].includes(block.lang)
        ? 'ts'
        : ['js', 'javascript', 'mjs'].includes(block.lang)
          ? 'js'
          : undefined;
      if (!family) continue;
      const key = `${block.file}\u0000${family}`;
      const code = block.directives.continues ? `${previous.get(key) ?? ''}\n${block.code}` : block.code;
      previous.set(key, code);
      // A block saved under a file name (`file=server.mjs`) keeps it, so the guide's files import each other.
      const folder = join(dir, block.file.replace(/[^\w]+/g, '_'));
      mkdirSync(folder, { recursive: true });
      const ext = family === 'ts' ? (block.lang === 'tsx' ? 'tsx' : 'ts') : 'mjs';
      const path = join(
        folder,
        typeof block.directives.file === 'string' ? block.directives.file : `block_${block.line}.${ext}`,
      );
      // Module scope for every block (no clashes between blocks), after the block so its line numbers stay.
      writeFileSync(path, `${code}\nexport {};\n`);
      files.set(path, block);
    }
    assert.ok(files.size >= 8, 'the docs have TypeScript/JavaScript examples');
    const src = (path) => [join(ROOT, path)];
    const options = {
      ...ts.parseJsonConfigFileContent(JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')), ts.sys, ROOT)
        .options,
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      allowJs: true,
      checkJs: true,
      jsx: ts.JsxEmit.Preserve,
      types: ['node'],
      // The packages' sources, so the docs are checked against the code as it is now (no build needed).
      baseUrl: ROOT,
      paths: {
        '@visitkit/core': src('packages/core/src/index.ts'),
        '@visitkit/core/protocol': src('packages/core/src/protocol/index.ts'),
        '@visitkit/elements': src('packages/elements/src/index.ts'),
        '@visitkit/server-adapter': src('packages/server-adapter/src/index.ts'),
        '@visitkit/server-adapter/node': src('packages/server-adapter/src/node.ts'),
        '@visitkit/server-adapter/postgres': src('packages/server-adapter/src/postgres/index.ts'),
      },
    };
    const program = ts.createProgram([...files.keys(), join(ROOT, 'scripts', 'doc-test-prelude.d.ts')], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const block = files.get(d.file.fileName);
        const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
        const offset = block.directives.continues ? '' : `:${block.line + 1 + line}`;
        return `${block.file}${offset} (block at line ${block.line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    assert.deepEqual(problems, [], `doc examples that do not type-check:\n${problems.join('\n')}`);
  });

  test('shell blocks name real scripts and files, and the CLI commands they show run', () => {
    const scriptsIn = (dir) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).scripts ?? {};
    let checked = 0;
    for (const block of blocks.filter((b) => ['sh', 'bash', 'shell'].includes(b.lang))) {
      let cwd = '.'; // a `cd` in the block moves where `npm run` looks
      for (const raw of block.code.split('\n')) {
        const line = raw.replace(/\s+#.*$/, '').trim();
        if (!line || line.startsWith('#')) continue;
        const words = line.split(/\s+/);
        const at = `${where(block)}: ${line}`;
        if (words[0] === 'cd' && words[1]) {
          cwd = join(cwd, words[1]);
          assert.ok(existsSync(join(ROOT, cwd)), `${at}: no folder ${cwd}`);
        } else if (words[0] === 'npm' && words[1] === 'run' && words[2] && !words.includes('-w')) {
          assert.ok(
            scriptsIn(cwd)[words[2]],
            `${at}: there is no npm script "${words[2]}" in ${join(cwd, 'package.json')}`,
          );
          checked += 1;
        } else if (words[0] === 'node' && words[1] && !words[1].startsWith('-') && /[/.]/.test(words[1])) {
          const base =
            block.file.startsWith('examples/') || block.file.startsWith('packages/')
              ? join(ROOT, block.file, '..')
              : ROOT;
          if (words[1] !== 'server.mjs')
            assert.ok(
              existsSync(join(ROOT, words[1])) || existsSync(join(base, words[1])),
              `${at}: no file ${words[1]}`,
            );
          checked += 1;
        } else if (words[0] === 'npx' && words[1] === '@visitkit/server-adapter') {
          const args = words.slice(2).filter((w, i, all) => w !== '--out' && all[i - 1] !== '--out');
          let err = '';
          const code = visitkitCli(args, {
            stdout: { write: () => true },
            stderr: { write: (t) => (err += t) },
            env: {},
          });
          assert.equal(code, 0, `${at}: ${err}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked >= 3, 'the docs show npm scripts and the CLI');
  });

  test('html blocks use only the elements Visitkit registers', () => {
    const registered = new Set(
      sourcesUnder('packages/elements/src', (n) => /^vk-[\w-]+\.ts$/.test(n) && !n.includes('.test.')).flatMap((text) =>
        [...text.matchAll(/customElements\.define\(\s*'([\w-]+)'/g)].map((m) => m[1]),
      ),
    );
    assert.ok(registered.has('vk-visit'));
    for (const block of blocks.filter((b) => b.lang === 'html')) {
      for (const [, tag] of block.code.matchAll(/<(vk-[\w-]+)/g))
        assert.ok(registered.has(tag), `${where(block)}: <${tag}> is not an element of @visitkit/elements`);
    }
  });

  test('css blocks use only existing --vk-* properties and parts', () => {
    const styles = sourcesUnder('packages/elements/src', (n) => n.endsWith('.ts') && !n.includes('.test.')).join('\n');
    for (const block of blocks.filter((b) => b.lang === 'css')) {
      for (const [, name] of block.code.matchAll(/(--vk-[\w-]+)/g))
        assert.ok(styles.includes(name), `${where(block)}: ${name} is used by no element`);
      for (const [, part] of block.code.matchAll(/::part\(([\w-]+)\)/g)) {
        assert.match(styles, new RegExp(`part="[^"]*\\b${part}\\b`), `${where(block)}: no element has part "${part}"`);
      }
    }
  });

  test('sql blocks name only tables and columns the PostgreSQL store creates', () => {
    const schema = sourcesUnder(
      'packages/server-adapter/src/postgres',
      (n) => n.endsWith('.ts') && !n.includes('.test.'),
    ).join('\n');
    let checked = 0;
    for (const block of blocks.filter((b) => b.lang === 'sql')) {
      for (const [, name] of block.code.matchAll(/\b(\w+)\s+(?:text|integer|timestamptz|jsonb|bigint|boolean)\b/g)) {
        assert.match(
          schema,
          new RegExp(`\\b${name}\\b`),
          `${where(block)}: column ${name} is not in the store's schema`,
        );
        checked += 1;
      }
      for (const [, table] of block.code.matchAll(/\w+\.(\w+)\s*\(/g))
        assert.match(
          schema,
          new RegExp(`\\b${table}\\b`),
          `${where(block)}: table ${table} is not in the store's schema`,
        );
    }
    assert.ok(checked > 0 || !blocks.some((b) => b.lang === 'sql'), 'sql blocks show columns');
  });

  test('yaml and json blocks parse; layout blocks list paths that exist', () => {
    for (const block of blocks.filter((b) => b.lang === 'json'))
      assert.doesNotThrow(() => JSON.parse(block.code), where(block));
    for (const block of blocks.filter((b) => b.lang === 'yaml' || b.lang === 'yml')) {
      for (const line of block.code.split('\n')) {
        if (!line.trim() || line.trim().startsWith('#')) continue;
        assert.match(
          line,
          /^( {2})*(- .+|[\w.-]+:( .+)?)$/,
          `${where(block)}: not YAML of the form LiveKit reads: ${line}`,
        );
      }
    }
    for (const block of blocks.filter((b) => b.lang === '' || b.lang === 'text')) {
      const paths = block.code
        .split('\n')
        .map((line) => /^([\w.-]+(?:\/[\w.*-]*)*)\s{2,}/.exec(line)?.[1])
        .filter((p) => p && p.includes('/') && !p.includes('*'));
      for (const path of paths)
        assert.ok(
          existsSync(join(ROOT, path)),
          `${where(block)}: ${path} does not exist (${relative(ROOT, join(ROOT, path))})`,
        );
    }
  });
});
