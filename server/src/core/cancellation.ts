/** Cancellation as the analysis sees it: a flag to poll (an LSP token satisfies it). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: Cancellation = { isCancellationRequested: false };
