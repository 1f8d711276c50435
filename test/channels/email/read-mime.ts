/**
 * Just enough MIME reading to check what the SMTP server received: unfolded headers with encoded
 * words decoded, and the text of each leaf part with its transfer encoding undone.
 */

export interface MimePart {
  headers: Map<string, string>;
  parts: MimePart[];
  /** Decoded body of a leaf part. */
  text: string;
}

/** Line breaks come back as \n: SMTP's CRLF is the wire form, not the content. */
export function readMime(raw: string): MimePart {
  const message = raw.replace(/\r\n/g, '\n');
  const split = message.indexOf('\n\n');
  const head = message.slice(0, split);
  const body = message.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeEncodedWords(line.slice(colon + 1).trim()));
  }

  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (boundary) {
    const sections = body.split(`--${boundary}`).slice(1, -1);
    // The line break before each delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    return { headers, parts: sections.map((section) => readMime(section.replace(/^\n/, '').replace(/\n$/, ''))), text: '' };
  }
  return { headers, parts: [], text: decodeBody(body, headers.get('content-transfer-encoding')) };
}

/** Leaf parts in order, e.g. to find the text/plain and text/html alternatives. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\n/g, ''));
    case 'base64':
      return Buffer.from(body, 'base64').toString('utf8');
    default:
      return body;
  }
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
