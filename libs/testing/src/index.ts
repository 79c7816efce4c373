export { infra, type InfraEndpoints } from './infra';
export { waitFor, uniqueId, type WaitForOptions } from './wait';
export { infraControl, type InfraService } from './infra-control';
export { mailbox, type CaughtEmail, type MailAddress } from './mailbox';
export { repoRoot } from './repo-root';
