/** Channels: the contract every provider implements, the direct providers, and Chatwoot as a channel. */
export type { Channel, ChannelCheck, ChannelTestResult, DeliveryOutcome, OutgoingMessage } from './channel.ts';
export { createProviderChannel, isProviderName, providerNames, providers, type ProviderName } from './providers.ts';
export { createChatwootChannel, type ChatwootChannelOptions } from './chatwoot/chatwoot.channel.ts';
