import { describe, expect, it } from 'vitest';
import { createContractChecker, loadChatwootSpec } from '../../src/sandbox/contract.ts';

const checker = createContractChecker(loadChatwootSpec());
const check = (method: string, path: string, body?: unknown, query: Record<string, unknown> = {}) =>
  checker.check({ method, path, query, body });

const MESSAGES = '/api/v1/accounts/1/conversations/7/messages';

describe('contract checker', () => {
  it('accepts a request that follows the spec', () => {
    expect(check('POST', MESSAGES, { content: 'Hola', content_type: 'text', private: false })).toEqual([]);
    expect(check('GET', '/api/v1/accounts/1/contacts/search', undefined, { q: '+52', page: '1' })).toEqual([]);
  });

  it('rejects a path the spec does not have', () => {
    expect(check('GET', '/api/v1/accounts/1/contact/5')).toEqual([
      'GET /api/v1/accounts/1/contact/5 matches no path of the spec',
    ]);
  });

  it('rejects a method the path does not define', () => {
    expect(check('DELETE', '/api/v1/accounts/1/inboxes')).toEqual([
      'DELETE is not defined for /api/v1/accounts/{account_id}/inboxes',
    ]);
  });

  it('prefers a literal segment over a parameter (contacts/search is not contacts/{id})', () => {
    expect(check('GET', '/api/v1/accounts/1/contacts/search', undefined, { q: 'x' })).toEqual([]);
    expect(check('GET', '/api/v1/accounts/1/contacts/search', undefined, { include_contact_inboxes: 'false' })).toEqual([
      'query parameter "include_contact_inboxes" is not declared',
    ]);
  });

  it('rejects a non-integer id in the path', () => {
    expect(check('GET', '/api/v1/accounts/1/conversations/undefined')).toEqual([
      'path parameter conversation_id must be an integer, got "undefined"',
    ]);
  });

  it('rejects a body property the request schema does not declare', () => {
    expect(check('POST', MESSAGES, { content: 'Hola', contnet_type: 'text' })).toEqual([
      'property contnet_type is not in the spec',
    ]);
  });

  it('rejects an unknown property inside a nested object', () => {
    expect(
      check('POST', MESSAGES, { content: 'Hola', template_params: { name: 'x', language: 'es', colour: 'red' } }),
    ).toEqual(['property template_params.colour is not in the spec']);
  });

  it('rejects a missing required field', () => {
    expect(check('POST', MESSAGES, { private: true })).toEqual(['required property content is missing']);
    expect(check('POST', '/api/v1/accounts/1/conversations/7/toggle_status', {})).toEqual([
      'required property status is missing',
    ]);
  });

  it('rejects a missing required body', () => {
    expect(check('POST', MESSAGES)).toEqual(['the request body is required']);
  });

  it('rejects a value of the wrong JSON type', () => {
    expect(check('POST', MESSAGES, { content: 42 })).toEqual(['content must be string, got integer']);
    expect(check('POST', '/api/v1/accounts/1/contacts/9/contact_inboxes', { inbox_id: '3' })).toEqual([
      'inbox_id must be number, got string',
    ]);
  });

  it('rejects an undeclared query parameter', () => {
    expect(check('GET', MESSAGES, undefined, { after: '1', limit: '5' })).toEqual([
      'query parameter "limit" is not declared',
    ]);
  });

  describe('corrections from NOTES', () => {
    it('contact create without inbox_id is allowed (the spec says required, the server does not)', () => {
      expect(check('POST', '/api/v1/accounts/1/contacts', { name: 'Ana', phone_number: '+525512345678' })).toEqual([]);
    });

    it('conversation create with inbox_id + contact_id and a full message needs no source_id', () => {
      const body = {
        inbox_id: 3,
        contact_id: 9,
        message: { content: 'Elige', content_type: 'input_select', content_attributes: { items: [] } },
      };
      expect(check('POST', '/api/v1/accounts/1/conversations', body)).toEqual([]);
    });

    it('template_params needs only a name', () => {
      expect(check('POST', MESSAGES, { content: 'x', template_params: { name: 'appointment_reminder' } })).toEqual([]);
    });

    it('a correction does not leak to other operations', () => {
      expect(check('PUT', '/api/v1/accounts/1/contacts/9', { inbox_id: 3 })).toEqual(['property inbox_id is not in the spec']);
    });
  });
});
