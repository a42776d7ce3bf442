export declare class Store {
    private readonly db;
    constructor(db: any);
    rows(sql: string): Promise<any[]>;
    index(rows: any[]): any[];
}
