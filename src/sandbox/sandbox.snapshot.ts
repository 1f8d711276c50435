/**
 * A plain, JSON-ready picture of the sandbox's state, for humans (the HTML page) and scripts
 * (`GET /__sandbox/state`).
 */
import type { ConversationStatus, MessageStatus } from '../chatwoot/chatwoot.types.ts';
import { canReply } from './sandbox.conversations.ts';
import type { MessageRecord, SandboxStore } from './sandbox.store.ts';

export interface SandboxSnapshot {
  takenAt: string;
  accounts: SnapshotAccount[];
}

export interface SnapshotAccount {
  id: number;
  name: string;
  status: 'active' | 'suspended';
  inboxes: { id: number; name: string; channel_type: string }[];
  contacts: SnapshotContact[];
  conversations: SnapshotConversation[];
}

export interface SnapshotContact {
  id: number;
  name: string;
  phone_number: string | null;
  email: string | null;
  identifier: string | null;
}

export interface SnapshotConversation {
  /** The display id. */
  id: number;
  status: ConversationStatus;
  can_reply: boolean;
  inbox: { id: number; name: string };
  contact: { id: number; name: string; phone_number: string | null };
  messages: SnapshotMessage[];
}

export interface SnapshotMessage {
  id: number;
  direction: 'incoming' | 'outgoing' | 'activity' | 'template';
  content: string | null;
  content_type: string;
  status: MessageStatus;
  private: boolean;
  created_at: string;
  /** Why delivery failed, when it did. */
  external_error?: string;
  /** The WhatsApp template the message was sent with. */
  template?: string;
  /** input_select choices. */
  items?: { title: string; value: string }[];
}

const DIRECTIONS = ['incoming', 'outgoing', 'activity', 'template'] as const;

function snapshotMessage(message: MessageRecord): SnapshotMessage {
  const { external_error, items } = message.content_attributes as {
    external_error?: string;
    items?: { title: string; value: string }[];
  };
  const template = (message.additional_attributes.template_params as { name?: string } | undefined)?.name;
  return {
    id: message.id,
    direction: DIRECTIONS[message.message_type],
    content: message.content,
    content_type: message.content_type,
    status: message.status,
    private: message.private,
    created_at: new Date(message.created_at).toISOString(),
    ...(external_error !== undefined && { external_error }),
    ...(template !== undefined && { template }),
    ...(Array.isArray(items) && { items }),
  };
}

export function buildSnapshot(store: SandboxStore): SandboxSnapshot {
  return {
    takenAt: new Date().toISOString(),
    accounts: [...store.accounts.values()].map((account) => ({
      id: account.id,
      name: account.name,
      status: account.status,
      inboxes: [...account.inboxes.values()].map(({ id, name, channel_type }) => ({ id, name, channel_type })),
      contacts: [...account.contacts.values()].map(({ id, name, phone_number, email, identifier }) => ({
        id,
        name,
        phone_number,
        email,
        identifier,
      })),
      conversations: [...account.conversations.values()].map((conversation) => {
        const inbox = account.inboxes.get(conversation.inbox_id)!;
        const contact = account.contacts.get(conversation.contact_id);
        return {
          id: conversation.display_id,
          status: conversation.status,
          can_reply: canReply(inbox, conversation),
          inbox: { id: inbox.id, name: inbox.name },
          contact: { id: conversation.contact_id, name: contact?.name ?? '', phone_number: contact?.phone_number ?? null },
          messages: conversation.messages.map(snapshotMessage),
        };
      }),
    })),
  };
}
