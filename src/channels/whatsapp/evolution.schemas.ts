import { z } from 'zod';

export const evolutionSettingsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).describe('Root of the Evolution API server, e.g. https://evolution.example.com'),
  instance: z.string().min(1).describe('Name of the WhatsApp instance (the connected phone) on that server'),
});

export const evolutionSecretsSchema = z.object({
  apiKey: z.string().min(1).describe('Global API key or the instance token, sent in the `apikey` header'),
});

export type EvolutionSettings = z.output<typeof evolutionSettingsSchema>;
export type EvolutionSecrets = z.output<typeof evolutionSecretsSchema>;
