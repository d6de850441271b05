/** How strictly a scheduling rule is applied. */
export enum Placement {
  /** A hard rule: pods stay Pending rather than break it. */
  REQUIRED = 'required',
  /** A soft rule: the scheduler tries, and breaks it when it must. */
  PREFERRED = 'preferred',
  /** No rule. */
  NONE = 'none',
}
