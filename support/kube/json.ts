/** API objects as they travel over the wire (the harness reads JSON, not the client's classes). */
import type { V1Pod } from '@kubernetes/client-node';

/** A type as it travels in JSON: Date fields are RFC 3339 strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export type PodJson = Jsonified<V1Pod>;
