import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { buildTemplateContext, MAX_TEMPLATE_LENGTH, renderTemplate, validateTemplate } from '../../src/templates/index.ts';

function validationError(body: string): AppError {
  try {
    validateTemplate(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the template to be rejected');
}

describe('validateTemplate', () => {
  it('accepts a template that uses the documented variables, tags and filters', () => {
    expect(() =>
      validateTemplate(
        [
          'Hola {{ client.firstName | capitalize }},',
          '{% if professional.name %}te atiende {{ professional.name }}{% endif %}',
          '{% assign minutos = service.durationMinutes | default: 30 %}Duración: {{ minutos }} min',
          '{{ appointment.relativeDay }} a las {{ appointment.time }} en {{ branch.name | default: tenant.name }}',
          '{{ message | strip }} {{ feedbackUrl }}',
        ].join('\n'),
      ),
    ).not.toThrow();
  });

  it.each([
    ['an unclosed tag', 'Hola\n{% if client.name %}\n{{ client.name }}', 2, '{% if client.name %} is never closed: add {% endif %}'],
    ['an unclosed output', 'Hola\n\n{{ client.name', 3, 'output "{{ client.name" not closed'],
    ['an unknown tag', 'Hola\n{% saludo %}', 2, 'unknown tag "saludo"'],
    ['a stray end tag', '{% endif %}', 1, 'unknown tag "endif"'],
    ['an unknown filter', 'Hola\n{{ client.name | mayusculas }}', 2, 'unknown filter "mayusculas"'],
    ['a misspelled variable', 'Hola {{ client.name }}\n💼 {{ client.nmae }}', 2, 'unknown variable "client.nmae"'],
    ['an unknown variable', '{% if vip %}VIP{% endif %}', 1, 'unknown variable "vip"'],
    ['a filter with a missing argument (found by rendering sample data)', 'A\nB\n{{ client.name | append }}', 3, 'append expect 2 arguments'],
  ])('rejects %s, naming the line', (_, body, line, reason) => {
    const error = validationError(body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(`Template error on line ${line}: ${reason}`);
    expect(error.details).toMatchObject({ line, reason });
  });

  it('lists the variables a template may use when it names an unknown one', () => {
    expect(validationError('{{ cliente.nombre }}').details?.knownVariables).toEqual(
      expect.arrayContaining(['client.name', 'client.firstName', 'appointment.relativeDay', 'feedbackUrl', 'message']),
    );
  });

  it('keeps line numbers right after lines that only hold tags', () => {
    const body = ['{% if client.name %}', 'Hola', '{% endif %}', '{% if service.name %}', '{{ service.name | nope }}', '{% endif %}'].join('\n');
    expect(validationError(body).details).toMatchObject({ line: 5, column: 1 });
  });

  it('rejects an empty template', () => {
    expect(validationError('  \n ').message).toBe('Template is empty');
  });

  it('rejects a template longer than the limit', () => {
    expect(validationError('a'.repeat(MAX_TEMPLATE_LENGTH + 1)).message).toMatch(/^Template is too long/);
  });
});

describe('tenant-written templates are sandboxed', () => {
  it.each(['include', 'render', 'layout'])('has no {%% %s %%}: templates cannot read files', (tag) => {
    const error = validationError(`Hola\n{% ${tag} "/etc/passwd" %}`);
    expect(error.message).toBe(
      `Template error on line 2: the "${tag}" tag is not available: notification templates cannot load other files`,
    );
  });

  it.each([
    ['a huge range', '{% for i in (1..100000000) %}x{% endfor %}'],
    ['a string doubled in a loop', '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}'],
    ['nested loops', '{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}'],
  ])('stops %s quickly', (_, body) => {
    const started = Date.now();
    expect(validationError(body).message).toMatch(/^Template error on line 1: .*limit exceeded/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not expose prototype properties of the context', () => {
    const context = buildTemplateContext({ tenant: { name: 'T', timezone: 'UTC', locale: 'es-MX' }, client: { name: 'Ana' } });
    expect(renderTemplate('{{ client.name }}{{ client.constructor }}{{ client.__proto__ }}{{ message.constructor.name }}', context)).toBe('Ana');
  });

  it("formats dates with the date filter in the tenant's timezone, not the server's", () => {
    const context = buildTemplateContext({ tenant: { name: 'T', timezone: 'America/Mexico_City', locale: 'es-MX' }, client: { name: 'Ana' } });
    expect(renderTemplate('{{ "2025-11-15T16:00:00Z" | date: "%H:%M" }}', context)).toBe('10:00');
  });
});
