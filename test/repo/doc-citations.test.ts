import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { anchorsOf, findCitationProblems, headingSlug, type RepositoryView } from './doc-citations.js';

const repoRoot = resolve(__dirname, '..', '..');
/** The checker and these tests: their examples of citations, good and bad, are there on purpose. */
const checkerFiles = new Set(['test/repo/doc-citations.ts', 'test/repo/doc-citations.test.ts']);

/**
 * The repository's files as git sees them: tracked, plus new files not ignored (so a document
 * written and not yet added counts as there, and is checked too). Deleted files are not there.
 */
function repositoryOnDisk(): RepositoryView {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString('utf8')
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(repoRoot, path)));
  return {
    paths: new Set(listed),
    read(path) {
      const bytes = readFileSync(join(repoRoot, path));
      // Binary files (images, archives) cite nothing.
      return bytes.includes(0) ? undefined : bytes.toString('utf8');
    },
  };
}

/** A repository made of the given files, for the checker's own tests. */
function fakeRepository(files: Record<string, string>): RepositoryView {
  return { paths: new Set(Object.keys(files)), read: (path) => files[path] };
}

// Built, not written: this file must not cite documents that do not exist.
const md = (name: string) => `${name}.md`;

describe('the documents the repository cites', () => {
  test('every *.md named anywhere, every local link of a Markdown file and every ../shared/ path is in the repository', () => {
    const repository = repositoryOnDisk();
    const problems = findCitationProblems(
      repository,
      [...repository.paths].filter((path) => !checkerFiles.has(path)),
    );
    expect(problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toEqual([]);
  });
});

describe('the citation checker', () => {
  const docs = {
    'README.md': '# Entraide\n\n## Layout\n\nSee [the API](docs/api.md) and [perf](docs/performance.md#the-latest-summary).\n',
    'docs/api.md': '# The HTTP API\n\n## The staff API (function group `staff-api`)\n\nBack to [the README](../README.md#layout).\n',
    'docs/performance.md': '# Performance\n\n## The latest summary\n',
    'functions/shared/http.ts': 'export {};\n',
  };

  test('passes a repository whose citations all resolve', () => {
    const files = {
      ...docs,
      'functions/public-api/app.ts': `import { ok } from '../shared/http.js';\n// Errors: docs/${md('api')}; why: ${md('README')}#layout.\n`,
    };
    expect(findCitationProblems(fakeRepository(files))).toEqual([]);
  });

  test('names file and line of a document that is not in the repository, in code and in prose', () => {
    const files = {
      ...docs,
      'infra/lib/stack.ts': `const a = 1;\n// Why: ${md('DESIGN')}, and the versions in ${md('STACK')}.\n`,
      'docs/extra.md': `# Extra\n\nAs [the design](../${md('DESIGN')}) says, and docs/${md('foo')}.\n`,
    };
    const problems = findCitationProblems(fakeRepository(files));
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'infra/lib/stack.ts', line: 2, message: `cites ${md('DESIGN')}, which is not in the repository` },
        { file: 'infra/lib/stack.ts', line: 2, message: `cites ${md('STACK')}, which is not in the repository` },
        { file: 'docs/extra.md', line: 3, message: `cites ../${md('DESIGN')}, which is not in the repository` },
        { file: 'docs/extra.md', line: 3, message: `cites docs/${md('foo')}, which is not in the repository` },
        { file: 'docs/extra.md', line: 3, message: `links to ../${md('DESIGN')}, which is not in the repository` },
      ]),
    );
  });

  test('refuses a path through ../shared/ that leaves the repository', () => {
    const files = { ...docs, 'docs/notes.md': '# Notes\n\nRead\nthe ../shared/ folder, and ../../shared/x.\n' };
    expect(findCitationProblems(fakeRepository(files))).toEqual([
      { file: 'docs/notes.md', line: 4, message: 'cites ../shared/, a folder not in the repository' },
      { file: 'docs/notes.md', line: 4, message: 'cites ../../shared/, a folder outside the repository' },
    ]);
  });

  test('checks relative Markdown links to any file or folder, and their anchors', () => {
    const files = {
      ...docs,
      'docs/links.md': [
        '# Links',
        '[ok](api.md) [folder](../functions/) [code](../functions/shared/http.ts) [here](#links)',
        '[wrong folder](docs/api.md)',
        '[missing](../bench/)',
        '[bad anchor](performance.md#nothing-here)',
        `[bad anchor elsewhere](../${md('README')}#no-such-section)`,
        `[outside](../../elsewhere/x.ts) [web](https://example.org/${md('DESIGN')}) \`[in code](nowhere.ts)\``,
      ].join('\n'),
    };
    expect(findCitationProblems(fakeRepository(files)).map(({ line, message }) => `${line}: ${message}`)).toEqual([
      '3: links to docs/api.md, which is not in the repository',
      '4: links to ../bench/, which is not in the repository',
      '5: performance.md#nothing-here: docs/performance.md has no heading whose anchor is #nothing-here',
      `6: ../${md('README')}#no-such-section: README.md has no heading whose anchor is #no-such-section`,
      '7: links to ../../elsewhere/x.ts, outside the repository',
    ]);
  });

  test('makes anchors as GitHub does', () => {
    expect(headingSlug('What `npm start` serves')).toBe('what-npm-start-serves');
    expect(headingSlug('Geographic search: benchmark')).toBe('geographic-search-benchmark');
    expect(headingSlug('The staff API (function group `staff-api`)')).toBe('the-staff-api-function-group-staff-api');
    expect(headingSlug('Met since: `npm start` in 3 s')).toBe('met-since-npm-start-in-3-s');
    expect([...anchorsOf('# A\n## Twice\n```\n## not a heading\n```\n## Twice\n<a id="kept"></a>\n')]).toEqual([
      'a',
      'twice',
      'twice-1',
      'kept',
    ]);
  });
});
