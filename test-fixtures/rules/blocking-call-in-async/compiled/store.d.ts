export declare function readTemplate(name: string): string;
export declare class Store {
    lookup(key: string): string;
}
