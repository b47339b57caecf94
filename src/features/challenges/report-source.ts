/**
 * A peer challenge report, whatever it came as (Word, a text export, pasted text), reduced to
 * one neutral shape: its paragraphs in reading order, and the comments written in its margins
 * (where a council writes its responses), with where each comment is anchored when the file says.
 * challenge-report.ts reads the report from this shape. Pure.
 */
export interface ReportParagraph {
  text: string;
  /** Where a person finds it: the line of a text file, or the paragraph of a Word document. */
  line: number;
  /** True for a paragraph the file itself marks as a heading (Word's heading styles, "#" in text). */
  heading?: boolean;
  /** Comments anchored in this paragraph, by id, when the file records anchors (Word does). */
  anchors: string[];
  /**
   * How many places in this paragraph look like a lost comment anchor: a text export of a Word
   * document breaks the paragraph where each comment was (". " starting a line of its own).
   */
  softAnchors: number;
  /**
   * A weaker clue: a long paragraph that stops without a full stop, as one does when the comment
   * mark took its last character.
   */
  looseEnd?: boolean;
}

export interface ReportComment {
  id: string;
  text: string;
  line: number;
}

export interface ReportSource {
  paragraphs: ReportParagraph[];
  comments: ReportComment[];
  /** True when comments carry exact anchors (Word); false when they must be matched by position and words. */
  anchored: boolean;
}

/**
 * A margin comment as text exports write it: Word's annotation mark (read as U+FFFD or U+0005),
 * "[Comment 3]", "Comment [AB3]:", or "[AB3]" at the start of a line after the body.
 */
const COMMENT_START =
  // eslint-disable-next-line no-control-regex -- U+0005 is the mark Word leaves where a comment was
  /^[\s\u00a0]*(?:[\ufffd\u0005]|\[comment\s*\d+\]:?|comment\s*\[[a-z]{0,4}\d+\]:?|\[[a-z]{1,4}\d+\]:?)[\s\u00a0]*/i;

const ENDS_A_SENTENCE = /[.!?:;)”"']\s*$/;
const STARTS_WITH_PUNCTUATION = /^[.,;:?!)]/;
const LIST_MARKER = /^\s*(?:[•·●▪◦*–-]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])\s+/i;

/**
 * Text broken into paragraphs. A text export of a Word document writes a paragraph per line, and
 * breaks one wherever a comment was anchored ("…collecting that data\n. "); such a break is
 * mended and counted as a soft anchor. Hard-wrapped text (an email, Markdown) keeps paragraphs
 * apart by blank lines, so its lines are joined within each block.
 */
export function sourceFromText(raw: string): ReportSource {
  const lines = raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const firstComment = lines.findIndex((line) => COMMENT_START.test(line) && line.trim() !== '');
  const bodyLines = firstComment === -1 ? lines : lines.slice(0, firstComment);
  const comments = firstComment === -1 ? [] : commentsFrom(lines, firstComment);
  const wrapped = looksHardWrapped(bodyLines);
  const paragraphs: ReportParagraph[] = [];
  let previousBlank = true;
  bodyLines.forEach((line, index) => {
    const text = line.replace(/\u00a0/g, ' ');
    if (text.trim() === '') {
      previousBlank = true;
      return;
    }
    const last = paragraphs.at(-1);
    const trimmed = text.trim();
    const markdownHeading = /^#{1,6}\s+/.test(trimmed);
    if (last && !last.heading && !markdownHeading) {
      const brokenAtAnchor =
        !wrapped &&
        !previousBlank &&
        (STARTS_WITH_PUNCTUATION.test(trimmed) ||
          (!ENDS_A_SENTENCE.test(last.text) && /^\s+\S/.test(text) && /^[a-z]/.test(trimmed)) ||
          (!ENDS_A_SENTENCE.test(last.text) && /^[a-z]/.test(trimmed)));
      const wrappedOn = wrapped && !previousBlank && !LIST_MARKER.test(text) && !isLabelLike(trimmed);
      if (brokenAtAnchor || wrappedOn) {
        last.text = STARTS_WITH_PUNCTUATION.test(trimmed)
          ? `${last.text.trimEnd()}${trimmed}`
          : `${last.text.trimEnd()} ${trimmed}`;
        if (brokenAtAnchor) last.softAnchors += 1;
        previousBlank = false;
        return;
      }
    }
    paragraphs.push({
      text: markdownHeading ? trimmed.replace(/^#{1,6}\s+/, '') : trimmed,
      line: index + 1,
      ...(markdownHeading ? { heading: true } : {}),
      anchors: [],
      softAnchors: 0,
    });
    previousBlank = false;
  });
  for (const paragraph of paragraphs) {
    paragraph.text = paragraph.text.replace(/\s+/g, ' ').trim();
    if (comments.length > 0 && paragraph.text.length >= 80 && !ENDS_A_SENTENCE.test(paragraph.text))
      paragraph.looseEnd = true;
  }
  return { paragraphs: paragraphs.filter((paragraph) => paragraph.text !== ''), comments, anchored: false };
}

/** Everything from the first comment mark on: one comment per mark, later lines continuing it. */
function commentsFrom(lines: string[], first: number): ReportComment[] {
  const comments: ReportComment[] = [];
  for (let index = first; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    if (COMMENT_START.test(line)) {
      comments.push({
        id: String(comments.length + 1),
        text: line.replace(COMMENT_START, '').trim(),
        line: index + 1,
      });
    } else {
      const last = comments.at(-1)!;
      last.text = `${last.text} ${line.trim()}`.trim();
    }
  }
  return comments.filter((comment) => comment.text !== '');
}

/** "Strengths:", "Areas for consideration" — a short line that names a list, never wrapped into another. */
function isLabelLike(text: string): boolean {
  return text.length <= 60 && /:\s*$/.test(text);
}

/**
 * Hard-wrapped when most lines stop short of a width and paragraphs run over several lines; a
 * Word export has one long line per paragraph.
 */
function looksHardWrapped(lines: string[]): boolean {
  const filled = lines.filter((line) => line.trim() !== '');
  if (filled.length < 6) return false;
  const longest = Math.max(...filled.map((line) => line.length));
  if (longest > 100) return false;
  // Wrapped text keeps its paragraphs apart with blank lines; without them every line is its own.
  if (lines.length - filled.length < filled.length / 10) return false;
  let continued = 0;
  for (let index = 1; index < lines.length; index += 1)
    if (lines[index]!.trim() !== '' && lines[index - 1]!.trim() !== '' && !LIST_MARKER.test(lines[index]!))
      continued += 1;
  return continued >= filled.length / 4;
}
