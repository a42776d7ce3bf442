// A declaration with no JavaScript beside it in the program: nothing to follow.
export declare function readAll(name: string): string;
