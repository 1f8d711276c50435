/**
 * The body of POST /{version}/{phone-number-id}/messages for one OutgoingMessage:
 * an approved template when one is given (the only thing Meta delivers outside the 24-hour
 * window), reply buttons when the choices fit Meta's limits, plain text otherwise.
 */
import type { OutgoingMessage } from '../channel.ts';

/** Meta's limits for reply buttons. */
const MAX_BUTTONS = 3;
const MAX_BUTTON_TITLE = 20;
const MAX_INTERACTIVE_BODY = 1024;

export function cloudApiMessagePayload(message: OutgoingMessage): Record<string, unknown> {
  const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to };
  if (message.whatsappTemplate) return { ...envelope, type: 'template', template: templateObject(message.whatsappTemplate) };
  if (fitsReplyButtons(message)) return { ...envelope, type: 'interactive', interactive: replyButtons(message) };
  return { ...envelope, type: 'text', text: { body: message.text } };
}

function templateObject(template: NonNullable<OutgoingMessage['whatsappTemplate']>) {
  return {
    name: template.name,
    language: { code: template.language },
    ...(template.bodyParams.length > 0 && {
      components: [{ type: 'body', parameters: template.bodyParams.map((text) => ({ type: 'text', text })) }],
    }),
  };
}

/** With more choices, or a longer text, than buttons allow, the text alone goes: it already says how to answer. */
function fitsReplyButtons(message: OutgoingMessage): message is OutgoingMessage & { choices: NonNullable<OutgoingMessage['choices']> } {
  const count = message.choices?.length ?? 0;
  return count > 0 && count <= MAX_BUTTONS && message.text.length <= MAX_INTERACTIVE_BODY;
}

function replyButtons(message: OutgoingMessage & { choices: NonNullable<OutgoingMessage['choices']> }) {
  return {
    type: 'button',
    body: { text: message.text },
    action: {
      buttons: message.choices.map((choice) => ({
        type: 'reply',
        // The reply webhook carries the id, so a shortened title loses nothing.
        reply: { id: choice.value, title: shorten(choice.title, MAX_BUTTON_TITLE) },
      })),
    },
  };
}

function shorten(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
