import { describe, expect, it } from 'vitest';
import { textToHtml } from '../../../src/channels/email/email-html.ts';

const bodyOf = (html: string) => html.split('\n').slice(3, -1).join('\n');

describe('the HTML part derived from a notification text', () => {
  it('escapes markup and entities, so client input stays text', () => {
    expect(bodyOf(textToHtml(`<img src=x onerror="alert('1')"> & more`))).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; more',
    );
  });

  it('keeps line breaks', () => {
    expect(bodyOf(textToHtml('uno\ndos\r\ntres'))).toBe('uno<br>\ndos<br>\ntres');
  });

  it.each([
    ['*mañana*', '<strong>mañana</strong>'],
    ['tu cita es *mañana a las 10:00*.', 'tu cita es <strong>mañana a las 10:00</strong>.'],
    ['*a* y *b*', '<strong>a</strong> y <strong>b</strong>'],
  ])('renders WhatsApp bold %j', (text, html) => {
    expect(bodyOf(textToHtml(text))).toBe(html);
  });

  it.each([
    ['an arithmetic expression', '5 * 3 * 2'],
    ['asterisks inside a word', 'a*b*c'],
    ['a space just inside the asterisks', '* hola *'],
    ['asterisks on different lines', '*hola\nadiós*'],
    ['a doubled asterisk', '**hola**'],
  ])('leaves %s alone', (_case, text) => {
    expect(bodyOf(textToHtml(text))).not.toContain('<strong>');
  });

  it('is a complete UTF-8 document', () => {
    expect(textToHtml('hola')).toMatch(/^<!doctype html>\n<html><head><meta charset="utf-8"><\/head>\n<body[^>]*>\nhola\n<\/body><\/html>$/);
  });
});
