/**
 * The HTML part of a notification email, derived from its plain text: the text is escaped (it can
 * hold client and tenant input), line breaks are kept, and WhatsApp-style `*bold*` — the markup our
 * templates share with the chat channels — becomes <strong>.
 */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `*text*` as WhatsApp reads it: not inside a word, no space just inside the asterisks, on one line. */
const WHATSAPP_BOLD = /(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character]);
}

export function textToHtml(text: string): string {
  const body = escapeHtml(text)
    .replace(WHATSAPP_BOLD, '<strong>$1</strong>')
    .replace(/\r?\n/g, '<br>\n');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222">',
    body,
    '</body></html>',
  ].join('\n');
}
