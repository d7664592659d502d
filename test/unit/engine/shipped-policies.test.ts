// The shipped policies are found by listing policies/: every file there ships, in a
// fixed order, and a misnamed or malformed file fails loudly, naming the file.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../lambda/engine';
import { loadPolicies, POLICIES_DIR, shippedPolicies } from '../../../policies';

const REPO_POLICIES = join(import.meta.dirname, '..', '..', '..', 'policies');

/** Every .json file under policies/, found independently of the loader. */
function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.split(sep).join('/'));
}

let tmp: string | undefined;
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

/** A copy of policies/ (the JSON files only) to break or extend. */
function copyOfPolicies(): string {
  tmp = mkdtempSync(join(tmpdir(), 'policies-'));
  for (const f of jsonFilesUnder(REPO_POLICIES)) cpSync(join(REPO_POLICIES, f), join(tmp, f));
  return tmp;
}

const keys = (docs: { id: string; version: number }[]) => docs.map((d) => `${d.id}/v${d.version}`);

describe('shipped policies', () => {
  it('reads the policies/ folder of the repository', () => {
    expect(POLICIES_DIR).toBe(REPO_POLICIES);
  });

  it('ships every JSON file under policies/, none skipped, sorted by id then version', () => {
    const files = jsonFilesUnder(REPO_POLICIES);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const inFiles = files.map((f) => JSON.parse(readFileSync(join(REPO_POLICIES, f), 'utf8')) as { id: string; version: number });
    expect(keys(shippedPolicies).sort()).toEqual(keys(inFiles).sort());
    const sorted = [...shippedPolicies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
    expect(keys(shippedPolicies)).toEqual(keys(sorted));
    // Each file holds the policy its path names.
    expect(keys(inFiles)).toEqual(files.map((f) => f.replace(/\.json$/, '')));
  });

  it('ships a new policy written as one file, compiled and its examples run, with nothing else changed', () => {
    const dir = copyOfPolicies();
    const doc = JSON.parse(readFileSync(join(REPO_POLICIES, 'lumbar-mri', 'v1.json'), 'utf8')) as Record<string, unknown>;
    mkdirSync(join(dir, 'a-new-policy'));
    writeFileSync(join(dir, 'a-new-policy', 'v1.json'), JSON.stringify({ ...doc, id: 'a-new-policy', cptCodes: ['72149'] }));
    // A later version sorts after an earlier one numerically (v10 after v2).
    writeFileSync(join(dir, 'a-new-policy', 'v10.json'), JSON.stringify({ ...doc, id: 'a-new-policy', version: 10, cptCodes: ['72149'] }));
    writeFileSync(join(dir, 'a-new-policy', 'v2.json'), JSON.stringify({ ...doc, id: 'a-new-policy', version: 2, cptCodes: ['72149'] }));
    const loaded = loadPolicies(dir);
    expect(keys(loaded)).toEqual(['a-new-policy/v1', 'a-new-policy/v2', 'a-new-policy/v10', ...keys(shippedPolicies)]);
    expect(compilePolicy(loaded[0]!)).toMatchObject({ id: 'a-new-policy', version: 1, cptCodes: ['72149'] });
  });

  it('fails naming the file when a policy file is not valid JSON', () => {
    const dir = copyOfPolicies();
    writeFileSync(join(dir, 'lumbar-mri', 'v1.json'), '{ "id": "lumbar-mri", ');
    expect(() => loadPolicies(dir)).toThrow(/^policies\/lumbar-mri\/v1\.json: not valid JSON/);
  });

  it('fails naming the file and the field when a policy file is not a policy document', () => {
    const dir = copyOfPolicies();
    const doc = JSON.parse(readFileSync(join(dir, 'knee-arthroplasty', 'v1.json'), 'utf8')) as Record<string, unknown>;
    delete doc.criteria;
    writeFileSync(join(dir, 'knee-arthroplasty', 'v1.json'), JSON.stringify(doc));
    expect(() => loadPolicies(dir)).toThrow(/^policies\/knee-arthroplasty\/v1\.json: not a policy document:[\s\S]*criteria/);
  });

  it('fails when a file holds another id or version than its path names', () => {
    const dir = copyOfPolicies();
    cpSync(join(dir, 'sij-fusion', 'v1.json'), join(dir, 'sij-fusion', 'v2.json'));
    expect(() => loadPolicies(dir)).toThrow(/^policies\/sij-fusion\/v2\.json: holds sij-fusion version 1; the file must be policies\/sij-fusion\/v1\.json/);
  });

  it.each(['sij-fusion.json', 'sij-fusion/V2.json', 'sij-fusion/draft.json', 'sij-fusion/old/v1.json'])(
    'fails on a JSON file it would not ship (%s) instead of skipping it',
    (misplaced) => {
      const dir = copyOfPolicies();
      mkdirSync(join(dir, misplaced, '..'), { recursive: true });
      cpSync(join(dir, 'sij-fusion', 'v1.json'), join(dir, misplaced));
      expect(() => loadPolicies(dir)).toThrow(`policies/${misplaced}: a policy file must be named policies/<id>/v<n>.json`);
    },
  );

  it('fails when the folder holds no policy at all (a bundle without its files)', () => {
    tmp = mkdtempSync(join(tmpdir(), 'policies-'));
    writeFileSync(join(tmp, 'index.mjs'), '');
    expect(() => loadPolicies(tmp!)).toThrow(/No policy files/);
  });
});
