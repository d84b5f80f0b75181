// Small Markdown helpers for the documentation tests: fenced code blocks, links, heading anchors.

/** A fenced code block. */
export interface CodeBlock {
  /** The info string's first word (`ts`, `sh`, `mermaid`, ...), or '' when none. */
  language: string;
  /** The code, without the fences. */
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Every fenced code block (``` fences) of a Markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const opening = /^(\s*)(`{3,})\s*([\w-]*)/.exec(lines[index] ?? '');
    if (!opening) continue;
    const fence = opening[2] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) {
      body.push(lines[end] ?? '');
      end++;
    }
    blocks.push({ language: opening[3] ?? '', code: body.length > 0 ? `${body.join('\n')}\n` : '', line: index + 1 });
    index = end;
  }
  return blocks;
}

/** A Markdown link outside code blocks. */
export interface MarkdownLink {
  /** The link target as written. */
  target: string;
  /** 1-based line. */
  line: number;
}

/** Every inline link `[text](target)` outside fenced code blocks and inline code. */
export function links(markdown: string): MarkdownLink[] {
  const found: MarkdownLink[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*`{3,}/.test(text)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const withoutCode = text.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (match[1]) found.push({ target: match[1], line: index + 1 });
    }
  });
  return found;
}

/** GitHub's anchor for a heading text: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{Letter}\p{Number}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Anchors of every heading outside code blocks (duplicates get `-1`, `-2`, as on GitHub). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  let inFence = false;
  for (const text of markdown.split('\n')) {
    if (/^\s*`{3,}/.test(text)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading?.[1]) continue;
    const base = headingAnchor(heading[1]);
    const seen = counts.get(base) ?? 0;
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
    counts.set(base, seen + 1);
  }
  return anchors;
}
