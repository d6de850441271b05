/**
 * The pinned default for the small init containers (the keep-alive sysctl container, node tuning): one definition, so both
 * move together. busybox's current stable release (docker-library/busybox versions.json).
 */
export const BUSYBOX_IMAGE = 'busybox:1.37.0';
