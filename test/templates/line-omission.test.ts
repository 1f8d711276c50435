import { describe, expect, it } from 'vitest';
import { buildTemplateContext, renderTemplate, type TemplateContextInput } from '../../src/templates/index.ts';

const context = (extra: Partial<TemplateContextInput> = {}) =>
  buildTemplateContext({
    tenant: { name: 'Estética Bella', timezone: 'America/Mexico_City', locale: 'es-MX' },
    client: { name: 'María González' },
    appointment: { date: '15 de noviembre de 2025', time: '10:00 a.m.' },
    service: { name: 'Corte' },
    ...extra,
  });

const lines = (...text: string[]) => text.join('\n');

const fields = lines(
  'Hola {{ client.name }}.',
  '',
  '📅 Fecha: {{ appointment.date }}',
  '💼 Profesional: {{ professional.name }}',
  '💼 Sucursal: {{ branch.name }}',
  '',
  '¡Te esperamos!',
);

describe('renderTemplate: lines whose variables are all empty are left out', () => {
  it('leaves out the line of a missing professional', () => {
    expect(renderTemplate(fields, context({ branch: { name: 'Centro' } }))).toBe(
      lines('Hola María González.', '', '📅 Fecha: 15 de noviembre de 2025', '💼 Sucursal: Centro', '', '¡Te esperamos!'),
    );
  });

  it('leaves no double blank line when a whole block of fields is missing', () => {
    const template = lines('Título', '', '💼 {{ professional.name }}', '💼 {{ branch.name }}', '', 'Cierre');
    expect(renderTemplate(template, context())).toBe(lines('Título', '', 'Cierre'));
  });

  it('leaves no blank line at the start or the end', () => {
    const template = lines('{{ branch.name }}', '', 'Texto', '', '{{ professional.name }}');
    expect(renderTemplate(template, context())).toBe('Texto');
  });

  it('keeps a line when at least one of its variables has a value', () => {
    expect(renderTemplate('💼 {{ professional.name }}{{ service.name }}', context())).toBe('💼 Corte');
  });

  it('keeps lines without variables, even when blank, if nothing around them was left out', () => {
    expect(renderTemplate(lines('A', '', '', 'B'), context())).toBe(lines('A', '', '', 'B'));
  });

  it('treats a whitespace-only value as empty', () => {
    expect(renderTemplate(lines('A', 'Motivo: {{ appointment.cancelReason }}', 'B'), context({ appointment: { date: 'x', cancelReason: '  ' } }))).toBe(
      lines('A', 'B'),
    );
  });

  it('keeps a line when a default filter gives the variable a value', () => {
    expect(renderTemplate('💼 {{ professional.name | default: "Cualquier profesional" }}', context())).toBe('💼 Cualquier profesional');
  });

  it('keeps every line of a multi-line value', () => {
    expect(renderTemplate(lines('Hola', '{{ message }}', 'Adiós'), context({ message: 'uno\n\ndos' }))).toBe(
      lines('Hola', 'uno', '', 'dos', 'Adiós'),
    );
  });
});

describe('renderTemplate: lines that only hold tags leave nothing behind', () => {
  const withIf = lines(
    '📅 Fecha: {{ appointment.date }}',
    '{% if professional.name %}',
    '💼 Profesional: {{ professional.name }}',
    '{% endif %}',
    '',
    '¡Te esperamos!',
  );

  it('renders the block without the tag lines when the condition holds', () => {
    expect(renderTemplate(withIf, context({ professional: { name: 'Carlos' } }))).toBe(
      lines('📅 Fecha: 15 de noviembre de 2025', '💼 Profesional: Carlos', '', '¡Te esperamos!'),
    );
  });

  it('leaves no blank lines when the condition fails', () => {
    expect(renderTemplate(withIf, context())).toBe(lines('📅 Fecha: 15 de noviembre de 2025', '', '¡Te esperamos!'));
  });

  it('treats "" as false in conditions, so {% if %} means "has a value"', () => {
    expect(renderTemplate('{% if professional.name %}con{% else %}sin{% endif %} profesional', context())).toBe('sin profesional');
  });

  it('keeps the newline after a tag that ends a line of text', () => {
    const template = lines('Hola{% if client.name %} {{ client.firstName }}{% endif %}', 'Siguiente');
    expect(renderTemplate(template, context())).toBe(lines('Hola María', 'Siguiente'));
  });

  it('handles assign, capture, for and comment lines', () => {
    const template = lines(
      '{% assign saludo = "Hola" %}',
      '{% capture nombre %}{{ professional.name }}{% endcapture %}',
      '{% comment %}',
      'nota interna',
      '{% endcomment %}',
      '{{ saludo }} {{ client.firstName }}',
      '{% if nombre == "" %}',
      'Sin profesional asignado',
      '{% endif %}',
      '{% for i in (1..2) %}',
      '- {{ i }}',
      '{% endfor %}',
      'Fin',
    );
    expect(renderTemplate(template, context())).toBe(lines('Hola María', 'Sin profesional asignado', '- 1', '- 2', 'Fin'));
  });

  it("respects the author's own whitespace control", () => {
    const template = lines('A', '{%- if client.name -%}', '', 'B{%- endif %}', 'C');
    expect(renderTemplate(template, context())).toBe(lines('AB', 'C'));
  });

  it('reads Windows line endings', () => {
    expect(renderTemplate('A\r\n{% if false %}\r\nB\r\n{% endif %}\r\nC', context())).toBe(lines('A', 'C'));
  });
});

describe('renderTemplate: never prints undefined or null', () => {
  it('renders unknown and missing variables as empty', () => {
    const template = '{{ client.firstName }}: [{{ nothing }}] [{{ client.nothing }}] [{{ nothing.deeper.still }}] [{{ service.durationMinutes }}]';
    expect(renderTemplate(template, context())).toBe('María: [] [] [] []');
  });

  it('ignores characters in values that look like its internal line marks', () => {
    expect(renderTemplate('{{ client.name }}', context({ client: { name: '\uE000\uE002' } }))).toBe('');
    expect(renderTemplate('X {{ client.name }}', context({ client: { name: 'A\uE000B' } }))).toBe('X AB');
  });
});
