import { posix } from 'node:path';

/**
 * The repository stands alone: every document a file cites is in it. Three kinds of citation:
 *
 * - a `*.md` document named anywhere, in code or prose (`docs/api.md`, `README.md#layout`): it
 *   must be a file of the repository, found from the citing file's folder or one above it (the
 *   root included), and an anchor, when given, a heading of it;
 * - a link of a Markdown file to a local file (`[x](docs/api.md)`, `(../README.md#layout)`,
 *   `[x](bench/)`), resolved from the Markdown file's folder: the file or folder must exist, and
 *   an anchor into a Markdown file must be one of its headings;
 * - a path through `../shared/` (or `../../shared/`…) that does not lead to a folder of the
 *   repository: a document outside it, which a clone does not have.
 *
 * Pure: given the files and their text, it answers the problems, each naming file and line.
 */

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export interface RepositoryView {
  /** Every file of the repository, by path from the root (`docs/api.md`). */
  paths: ReadonlySet<string>;
  /** The text of a file, or undefined for one that is not text. */
  read(path: string): string | undefined;
}

/** `x.md`, `docs/x.md`, `../x.md`, `./x.md`, with an optional `#anchor`; not `x.mdx`, not a piece of a longer name. */
const mdCitation = /(?<![\w./\\-])((?:\.{1,2}\/|[\w@.-]+\/)*[\w@.-]*\w\.md)(?![\w-])(#[\w%-]*)?/g;
/** Inline links and images `[text](target "title")`; reference definitions `[x]: target`. */
const inlineLink =
  /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const referenceDefinition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const outsideFolder = /(?<![\w.-])((?:\.\.\/)+shared\/)/g;

const lineOf = (text: string, index: number): number => {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
};

/** Part of a URL (`https://…/x.md`): not a file of ours. */
function insideUrl(text: string, index: number): boolean {
  let start = index;
  while (start > 0 && !/[\s"'`(<[]/.test(text[start - 1]!)) start--;
  return /^[a-z][a-z0-9+.-]*:/i.test(text.slice(start, index)) || text.slice(start, index).startsWith('//');
}

/** Fenced code blocks and inline code, blanked (newlines kept): links there are examples, not links. */
function withoutCode(markdown: string): string {
  const blank = (part: string) => part.replace(/[^\n]/g, ' ');
  const lines = markdown.split('\n');
  let fence: string | undefined;
  const out = lines.map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return blank(line);
    }
    if (marker) {
      fence = marker;
      return blank(line);
    }
    return line;
  });
  return out.join('\n').replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (code) => blank(code));
}

/** GitHub's anchor for a heading: lower case, punctuation and symbols dropped, spaces to dashes. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings (duplicates numbered as GitHub does) and `<a id|name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const lines = markdown.split('\n');
  let fence: string | undefined;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = headingSlug(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  }
  return anchors;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function findCitationProblems(repository: RepositoryView, files: Iterable<string> = repository.paths): Problem[] {
  const problems: Problem[] = [];
  const folders = new Set<string>();
  for (const path of repository.paths) {
    for (let folder = posix.dirname(path); folder !== '.'; folder = posix.dirname(folder)) folders.add(folder);
  }
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (path: string): Set<string> => {
    let anchors = anchorCache.get(path);
    if (!anchors) {
      anchors = anchorsOf(repository.read(path) ?? '');
      anchorCache.set(path, anchors);
    }
    return anchors;
  };
  /** The folder, its parent, …, the root: where a name in prose may be found from. */
  const ancestorsOf = (folder: string): string[] => {
    const chain = [folder];
    while (chain.at(-1) !== '.') chain.push(posix.dirname(chain.at(-1)!));
    return chain;
  };
  /** A path from the root, or undefined when it leaves the repository. */
  const resolveFrom = (folder: string, target: string): string | undefined => {
    const joined = target.startsWith('/') ? posix.normalize(target.slice(1)) : posix.normalize(posix.join(folder, target));
    return joined === '..' || joined.startsWith('../') ? undefined : joined.replace(/\/$/, '') || '.';
  };
  const checkAnchor = (file: string, line: number, cited: string, target: string, anchor: string | undefined) => {
    if (!anchor || !target.endsWith('.md')) return;
    const wanted = decode(anchor).toLowerCase();
    if (!anchorsIn(target).has(wanted)) {
      problems.push({ file, line, message: `${cited}: ${target} has no heading whose anchor is #${wanted}` });
    }
  };

  for (const file of files) {
    const text = repository.read(file);
    if (text === undefined) continue;
    const folder = posix.dirname(file);

    // 1. Any `*.md` named anywhere.
    for (const match of text.matchAll(mdCitation)) {
      const [cited, name, hash] = match as unknown as [string, string, string | undefined];
      if (insideUrl(text, match.index)) continue;
      const line = lineOf(text, match.index);
      const candidates = ancestorsOf(folder)
        .map((from) => resolveFrom(from, name))
        .filter((path): path is string => path !== undefined);
      const found = candidates.find((path) => repository.paths.has(path));
      if (!found) {
        const outside = candidates.length === 0 ? ', outside the repository' : '';
        problems.push({ file, line, message: `cites ${name}, which is not in the repository${outside}` });
        continue;
      }
      checkAnchor(file, line, cited, found, hash?.slice(1) || undefined);
    }

    // 2. `../shared/` and the like, when it leads out of the repository or to no folder of it.
    for (const match of text.matchAll(outsideFolder)) {
      const target = resolveFrom(folder, match[1]!);
      if (target === undefined || !folders.has(target)) {
        problems.push({
          file,
          line: lineOf(text, match.index),
          message: `cites ${match[1]}, a folder ${target === undefined ? 'outside the repository' : 'not in the repository'}`,
        });
      }
    }

    // 3. Links of a Markdown file to local files.
    if (!file.endsWith('.md')) continue;
    const prose = withoutCode(text);
    const targets: { target: string; index: number }[] = [];
    for (const match of prose.matchAll(inlineLink)) targets.push({ target: match[1]!, index: match.index });
    prose.split('\n').forEach((line, number, lines) => {
      const definition = referenceDefinition.exec(line);
      if (definition) targets.push({ target: definition[1]!, index: lines.slice(0, number).join('\n').length + 1 });
    });
    for (const { target: raw, index } of targets) {
      const target = raw.replace(/^<|>$/g, '');
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      const line = lineOf(prose, index);
      const [pathPart = '', anchor] = target.split('#', 2) as [string, string | undefined];
      const path = decode(pathPart);
      if (path === '') {
        checkAnchor(file, line, target, file, anchor);
        continue;
      }
      const resolved = resolveFrom(folder, path);
      if (resolved === undefined) {
        problems.push({ file, line, message: `links to ${target}, outside the repository` });
        continue;
      }
      if (!repository.paths.has(resolved) && !folders.has(resolved) && resolved !== '.') {
        problems.push({ file, line, message: `links to ${target}, which is not in the repository` });
        continue;
      }
      checkAnchor(file, line, target, resolved, anchor);
    }
  }
  // One problem per place: a Markdown link to a missing `.md` is found by both checks.
  const unique = new Map(problems.map((problem) => [`${problem.file}:${problem.line}:${problem.message}`, problem]));
  return [...unique.values()].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
