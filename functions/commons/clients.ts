/**
 * Configuration shared by the SDK clients of the task functions. Retries happen in the state
 * machine's Retry blocks, where they are visible in the execution history and follow the
 * sandbox's clock, so the SDK makes one attempt.
 */
export const taskClientConfig = { maxAttempts: 1 } as const;
