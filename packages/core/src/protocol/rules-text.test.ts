import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesSha256 } from './rules-text.js';
import { VisitSchema } from './visit.js';
import { VisitInputSchema } from './visit-input.js';

test('rulesSha256 is the SHA-256 hex of the text with its whitespace collapsed, as <vk-prejoin> sends it', async () => {
  // The FIPS 180-2 test vector for "abc".
  assert.equal(await rulesSha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(
    await rulesSha256('\n  Be   respectful.\n\tNo recordings.  '),
    await rulesSha256('Be respectful. No recordings.'),
  );
  assert.notEqual(await rulesSha256('Be respectful.'), await rulesSha256('Be respectful!'));
});

test('a visit states its current rules as one digest or one per language; the wire always has a list', async () => {
  const digest = await rulesSha256('rules');
  const base = { id: 'v1', kind: 'social', startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T10:30:00Z' } as const;
  assert.deepEqual(VisitInputSchema.parse({ ...base, rulesSha256: digest }).rulesSha256, [digest]);
  assert.deepEqual(VisitInputSchema.parse({ ...base, rulesSha256: [digest, 'b'.repeat(64)] }).rulesSha256, [
    digest,
    'b'.repeat(64),
  ]);
  assert.equal('rulesSha256' in VisitInputSchema.parse(base), false, 'absent stays absent');
  for (const bad of ['xyz', [], [digest.toUpperCase()], Array(21).fill(digest)]) {
    assert.equal(
      VisitInputSchema.safeParse({ ...base, rulesSha256: bad }).success,
      false,
      JSON.stringify(bad).slice(0, 40),
    );
  }
  const wire = VisitInputSchema.parse({ ...base, rulesSha256: digest });
  assert.deepEqual(VisitSchema.parse(wire), wire);
  assert.equal(VisitSchema.safeParse({ ...wire, rulesSha256: digest }).success, false, 'a list on the wire');
});
