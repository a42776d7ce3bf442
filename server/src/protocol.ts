/**
 * The one module that the client and the server share: the settings type and the
 * custom messages. It imports nothing from `vscode` or from the server's engines, so
 * both bundles can include it.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleLevel = Severity | 'off';

/**
 * Node flags the language server runs with, wherever it is started (the client,
 * the LSP tests, the benchmark). Each edit builds a new program and type checker
 * whose objects live until the next edit; with V8's default 16 MB semi-space they
 * outlived a scavenge and were copied, about 1.5 scavenges of ~13 ms per edit.
 * A 32 MB semi-space lets most of them die young: about half the scavenges, and
 * p95 of mixed edits about 60 → 47 ms in the benchmark, for up to 32 MB more of
 * young generation.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32'];

/** Ids of every rule Loopwise knows, generated from the rule folders by `npm run codegen`. */
// codegen:rule-ids:start
export const RULE_IDS = [
  'blocking-call-in-async',
  'cpu-bound-in-threads',
  'cpu-bound-on-event-loop',
  'dangling-task',
  'eager-delayed-call',
  'global-in-worker-process',
  'lock-order-inversion',
  'missing-main-guard',
  'pool-in-loop',
  'repeated-large-argument',
  'sequential-await',
  'sequential-submit',
  'thread-args-mismatch',
  'unclosed-pool',
  'unguarded-shared-state',
  'unpicklable-task',
  'unused-suppression',
  'wait-inside-task',
] as const;
// codegen:rule-ids:end
export type RuleId = (typeof RULE_IDS)[number];

/**
 * Settings, as the server reads them per resource through `workspace/configuration`
 * (section `loopwise`) and as the CLI reads them from `loopwise.config.json`.
 * `package.json#contributes.configuration` is the schema; a test checks they agree.
 */
export interface LoopwiseSettings {
  enable: boolean;
  /** Per-rule level; a missing rule uses its default severity. */
  rules: Partial<Record<string, RuleLevel>>;
  blockingApis: {
    /** Extra `module#export` names treated as blocking, e.g. `better-sqlite3#Database.prepare`. */
    extra: string[];
  };
  /** Whether ESLint's and Ruff's comments for the same problem (`eslint-disable… no-await-in-loop`, `# noqa: ASYNC230`) silence findings. */
  honourPeerSuppressions: boolean;
}

export const DEFAULT_SETTINGS: LoopwiseSettings = {
  enable: true,
  rules: {},
  blockingApis: { extra: [] },
  honourPeerSuppressions: true,
};

/** Merges a partial settings object (from VS Code or a config file) over the defaults. */
export function resolveSettings(partial: unknown): LoopwiseSettings {
  const p = (partial && typeof partial === 'object' ? partial : {}) as Partial<LoopwiseSettings>;
  return {
    enable: typeof p.enable === 'boolean' ? p.enable : DEFAULT_SETTINGS.enable,
    rules: p.rules && typeof p.rules === 'object' ? { ...p.rules } : {},
    blockingApis: {
      extra: Array.isArray(p.blockingApis?.extra) ? p.blockingApis!.extra.filter((s) => typeof s === 'string') : [],
    },
    honourPeerSuppressions: typeof p.honourPeerSuppressions === 'boolean' ? p.honourPeerSuppressions : DEFAULT_SETTINGS.honourPeerSuppressions,
  };
}
