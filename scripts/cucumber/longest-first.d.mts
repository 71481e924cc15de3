export declare function durationKey(uri: string, name: string): string;

export declare function readDurations(path: string | undefined): Record<string, number>;

export declare function orderLongestFirst<
  T extends { pickle: { uri: string; name: string; tags?: readonly { name: string }[] } },
>(items: T[], durations: Record<string, number>): T[];

declare const plugin: { type: 'plugin'; coordinator: (options: never) => Promise<void> };
export default plugin;
