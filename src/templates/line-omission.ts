import { TokenKind, Tokenizer, toValue, type Liquid, type TagToken } from 'liquidjs';

/*
 * "A line whose variables all rendered empty is left out", and a line that only held tags
 * ({% if %}, {% endif %}, …) leaves no blank line behind. Liquid has no notion of lines, so the
 * renderer leaves marks and one pass over the output reads them:
 * - every output ({{ … }}) is prefixed with EMPTY or FILLED (liquidjs `outputEscape`);
 * - every source line made only of tags gets TAG_LINE before its newline.
 * The marks are private-use characters, removed from inputs and from the final text.
 */
const EMPTY = '\uE000';
const FILLED = '\uE001';
const TAG_LINE = '\uE002';
const MARKS = /[\uE000-\uE002]/g;

export const stripMarks = (text: string): string => text.replace(MARKS, '');

/** The `outputEscape` of the engine: what Liquid would print, prefixed with EMPTY or FILLED. */
export function markOutput(value: unknown): string {
  const text = stripMarks(display(value));
  return (text.trim() === '' ? EMPTY : FILLED) + text;
}

/** Liquid's own way of printing a value: nil is "", arrays are concatenated. */
function display(value: unknown): string {
  const plain = toValue(value);
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(display).join('');
  return String(plain);
}

/**
 * Marks the source lines that hold only tags. Lines whose tags trim whitespace themselves
 * ({%- … -%}) are left alone: their author already decided where the newlines go.
 * The line count does not change, so parse errors keep their line numbers.
 */
export function markTagLines(source: string, liquid: Liquid): string {
  const tokens = new Tokenizer(source, liquid.options.operators).readTopLevelTokens(liquid.options);
  const newlinesToMark: number[] = [];
  let hasTag = false;
  let hasText = false;
  let trims = false;
  for (const token of tokens) {
    if (token.kind === TokenKind.Tag) {
      const tag = token as TagToken;
      hasTag = true;
      trims ||= tag.trimLeft || tag.trimRight;
    } else if (token.kind === TokenKind.Output) {
      hasText = true;
    } else {
      for (let i = token.begin; i < token.end; i++) {
        const char = source[i];
        if (char === '\n') {
          if (hasTag && !hasText && !trims) newlinesToMark.push(i);
          hasTag = hasText = trims = false;
        } else if (char.trim() !== '') {
          hasText = true;
        }
      }
    }
  }
  let marked = '';
  let from = 0;
  for (const newline of newlinesToMark) {
    marked += source.slice(from, newline) + TAG_LINE;
    from = newline;
  }
  return marked + source.slice(from);
}

/**
 * Reads the marks in rendered text: drops lines whose outputs all rendered empty and lines that
 * only held tags, keeps a single blank line where a dropped line sat between blank lines, and
 * trims blank lines at both ends.
 */
export function omitEmptyLines(rendered: string): string {
  const kept: string[] = [];
  let droppedSinceLastKept = false;
  for (const line of rendered.split('\n')) {
    if (isLeftOut(line)) {
      droppedSinceLastKept = true;
      continue;
    }
    const text = stripMarks(line);
    const previousIsBlank = kept.length > 0 && kept[kept.length - 1].trim() === '';
    if (droppedSinceLastKept && text.trim() === '' && previousIsBlank) continue;
    kept.push(text);
    droppedSinceLastKept = false;
  }
  return kept.join('\n').replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}

function isLeftOut(line: string): boolean {
  if (line.includes(FILLED)) return false;
  return line.includes(EMPTY) || (line.includes(TAG_LINE) && stripMarks(line).trim() === '');
}
