// What TypeScript's own resolution of 'fixture-forked-cli' picks (the `types` condition).
export declare function generate(outDir: string): Promise<void>;
export declare function render(name: string): Promise<string>;
export declare function archive(outDir: string): Promise<void>;
