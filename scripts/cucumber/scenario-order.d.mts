type Ordered = { pickle: { uri: string; name: string; tags?: readonly { name: string }[] } };

export declare const LONG_SHARE: number;
export declare const LONG_WORKERS_SHARE: number;

export declare function durationKey(uri: string, name: string): string;

export declare function readDurations(path: string | undefined): Record<string, number>;

export declare function orderLongestFirst<T extends Ordered>(items: T[], durations: Record<string, number>): T[];

export declare function orderForWorkers<T extends Ordered>(
  items: T[],
  durations: Record<string, number>,
  workers: number,
): T[];

declare const plugin: { type: 'plugin'; coordinator: (options: never) => Promise<void> };
export default plugin;
