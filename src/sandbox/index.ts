/** The Chatwoot sandbox: see README.md. */
export {
  startChatwootSandbox,
  type ChatwootSandbox,
  type ChatwootSandboxOptions,
  type ContractViolation,
  type RecordedCall,
  type SeededSandboxAccount,
} from './sandbox.server.ts';
export type { AccountSeed, ChannelType, InboxSeed } from './sandbox.store.ts';
export type { SandboxFaults } from './sandbox.faults.ts';
export { renderSandboxPage } from './sandbox.page.ts';
export type { SandboxSnapshot } from './sandbox.snapshot.ts';
export { createContractChecker, loadChatwootSpec, SPEC_CORRECTIONS, type ContractChecker, type SpecCorrection } from './contract.ts';
