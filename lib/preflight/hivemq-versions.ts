// Which HiveMQ version changes are rolling upgrades.
//
// HiveMQ's upgrade guide (https://docs.hivemq.com/latest/upgrade/introduction.html, "HiveMQ Versioning" and "HiveMQ
// Rolling Upgrade Policy"): "Each monthly release is compatible with the next 18 monthly releases which automatically
// includes the next LTS (long-term support) release"; the per-version migration guides (e.g.
// https://www.hivemq.com/docs/4/upgrade/4-24-to-4-25.html) say this holds "starting with the HiveMQ 4.9 LTS release".
// Before that the guide said rolling upgrades go "from one minor version to the next" only
// (https://www.hivemq.com/docs/hivemq/4.5/upgrade/introduction.html). Major versions "require manual upgrade steps".
// The guide counts monthly releases, not version numbers: reading each HiveMQ 4 minor version as one monthly release (our
// inference from the release history, not stated by the guide), the window is 18 minor versions from 4.9 on; before 4.9,
// and for any major other than 4 (whose policy we could not read offline), one minor version at a time.
// Downgrades are not covered by the policy at all.

/** The first release of the 18-release rolling-upgrade window. */
const WINDOW_SINCE_MINOR = 9;
const WINDOW_MAJOR = 4;
/** Releases ahead a rolling upgrade may jump. */
export const ROLLING_UPGRADE_WINDOW = 18;

export interface HiveMQVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface VersionChangeRisk {
  readonly summary: string;
  readonly procedure: string[];
}

/** The version in an image reference's tag (`hivemq/hivemq4:4.54.0` → 4.54.0), or undefined for another tag or a digest. */
export function parseImageVersion(image: string): HiveMQVersion | undefined {
  const match = /:(\d+)\.(\d+)\.(\d+)(?:[-+][\w.-]*)?$/.exec(image.split('@')[0]);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined;
}

const show = (version: HiveMQVersion) => `${version.major}.${version.minor}.${version.patch}`;
const compare = (a: HiveMQVersion, b: HiveMQVersion) => a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** How many minor versions one rolling upgrade may jump from this version. */
function windowFrom(version: HiveMQVersion): number {
  return version.major === WINDOW_MAJOR && version.minor >= WINDOW_SINCE_MINOR ? ROLLING_UPGRADE_WINDOW : 1;
}

/** The minor versions to roll through on the way to `to` (same major), each within the window of the one before. */
export function steppingStones(from: HiveMQVersion, to: HiveMQVersion): string[] {
  const stones: string[] = [];
  let minor = from.minor;
  while (to.minor - minor > windowFrom({ major: from.major, minor, patch: 0 })) {
    minor += windowFrom({ major: from.major, minor, patch: 0 });
    stones.push(`${from.major}.${minor}.x`);
  }
  return stones;
}

/** The risk of changing the brokers' image from one tag to another, or undefined for a rolling upgrade HiveMQ supports. */
export function versionChangeRisk(beforeImage: string, afterImage: string): VersionChangeRisk | undefined {
  if (beforeImage === afterImage) return undefined;
  const before = parseImageVersion(beforeImage);
  const after = parseImageVersion(afterImage);
  if (!before || !after) {
    return {
      summary: `the HiveMQ version cannot be read from the image tag (${beforeImage} → ${afterImage}), so it cannot be checked against HiveMQ's `
        + 'rolling-upgrade policy',
      procedure: ['Compare the two versions by hand: a rolling upgrade must not go down, change the major version, or jump more than '
        + `${ROLLING_UPGRADE_WINDOW} monthly releases (one minor version before 4.9).`],
    };
  }
  if (compare(after, before) < 0) {
    return {
      summary: `a HiveMQ downgrade (${show(before)} → ${show(after)}): HiveMQ's rolling-upgrade policy covers upgrades only, and older brokers may `
        + 'not read the data the newer ones wrote',
      procedure: [`Keep ${show(before)}, or plan a maintenance window: back up the data volumes, then change every broker at once.`],
    };
  }
  if (after.major !== before.major) {
    return {
      summary: `a major HiveMQ upgrade (${show(before)} → ${show(after)}): major versions require manual upgrade steps, not a rolling upgrade`,
      procedure: [`Follow HiveMQ's ${before.major}.x to ${after.major}.x migration guide (https://docs.hivemq.com/latest/upgrade/introduction.html).`],
    };
  }
  const stones = steppingStones(before, after);
  if (stones.length === 0) return undefined;
  return {
    summary: `a HiveMQ upgrade past the rolling-upgrade window (${show(before)} → ${show(after)}, ${after.minor - before.minor} releases; at most `
      + `${windowFrom(before)} from ${before.major}.${before.minor})`,
    procedure: [...stones.map((stone) => `Roll the cluster to ${stone} first (latest patch), wait until every broker is ready.`),
      `Then roll to ${show(after)}.`],
  };
}
