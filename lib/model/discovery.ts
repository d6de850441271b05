/** The discovery area: how brokers find each other (the DNS discovery extension polling the headless Service). */
import { Duration } from 'cdk8s';
import { ExtensionSource } from '../cluster/extension-source';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { DNS1123_SUBDOMAIN, Validator } from '../validation/validator';
import { DiscoveryModel } from './cluster-model';
import { resolveExtensionSource } from './extensions';

/** The DNS discovery extension's release zip, downloaded at pod start and checked against its published SHA-256. */
export const DEFAULT_DISCOVERY_SOURCE = ExtensionSource.dnsDiscoveryRelease();
export const DEFAULT_DISCOVERY_RELOAD_INTERVAL = Duration.seconds(15);
export const DEFAULT_DISCOVERY_RESOLUTION_TIMEOUT = Duration.seconds(10);

export function resolveDiscovery(validator: Validator, props: HiveMQClusterProps): DiscoveryModel {
  const options = props.discovery ?? {};
  const reloadIntervalSeconds = validator.seconds('discovery.reloadInterval', options.reloadInterval ?? DEFAULT_DISCOVERY_RELOAD_INTERVAL, 1, 3600);
  const resolutionTimeoutSeconds = validator.seconds('discovery.resolutionTimeout',
    options.resolutionTimeout ?? DEFAULT_DISCOVERY_RESOLUTION_TIMEOUT, 1, 3600);
  if (resolutionTimeoutSeconds >= reloadIntervalSeconds) {
    validator.fail('discovery.resolutionTimeout', `must be shorter than discovery.reloadInterval (${reloadIntervalSeconds}s), as the extension's `
      + 'config.properties advises (a query must finish before the next starts)',
    `${resolutionTimeoutSeconds}s`, 'Lower the timeout or raise the reload interval.');
  }
  const clusterDomain = options.clusterDomain;
  if (clusterDomain !== undefined && (typeof clusterDomain !== 'string' || !DNS1123_SUBDOMAIN.test(clusterDomain) || clusterDomain.length > 200)) {
    validator.fail('discovery.clusterDomain', 'must be a DNS domain such as \'cluster.local\'', clusterDomain,
      'Use the kubelet\'s --cluster-domain value.');
  }
  const source = resolveExtensionSource(validator, options.source ?? DEFAULT_DISCOVERY_SOURCE, 'discovery.source');
  return { source, reloadIntervalSeconds, resolutionTimeoutSeconds, clusterDomain };
}
