/** Where a sizing constant comes from. */
export enum ConstantTag {
  /** Quoted from a published source. */
  PUBLISHED = 'published',
  /** Derived from published figures; the derivation is in the source note. */
  DERIVED = 'derived',
  /** An assumption, to be replaced by the user's own measurement. */
  ASSUMED = 'assumed',
}

/** One calibration constant with its provenance. */
export interface SizingConstant {
  /** The value, in `unit`. */
  readonly value: number;
  /** The unit of `value` (`GiB`, `ops/s/vCPU`, `fraction`, …). */
  readonly unit: string;
  /** The public source the value is quoted or derived from, or why it is assumed. */
  readonly source: string;
  /** Published, derived or assumed. */
  readonly tag: ConstantTag;
}
