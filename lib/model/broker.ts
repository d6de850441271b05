/** The broker area: what runs inside the broker besides its listeners (license, extra extensions, log level, the allow-all extension). */
import { HiveMQClusterProps, LogLevel } from '../cluster/hivemq-cluster-props';
import { Validator } from '../validation/validator';
import { BrokerModel } from './cluster-model';
import { resolveExtensions } from './extensions';

export const DEFAULT_LOG_LEVEL = LogLevel.INFO;
/** The image's behaviour: a new cluster accepts test clients. */
export const DEFAULT_ALLOW_ALL_CLIENTS = true;

/** License, extensions and log level (allowAllClients is read with {@link resolveAllowAllClients}). */
export function resolveBroker(validator: Validator, props: HiveMQClusterProps): Omit<BrokerModel, 'allowAllClients'> {
  const licenseSecret = props.licenseSecret === undefined ? undefined : validator.dns1123Subdomain('licenseSecret', props.licenseSecret);
  const extensions = resolveExtensions(validator, props.extensions);
  const logLevel = validator.oneOf('logLevel', props.logLevel ?? DEFAULT_LOG_LEVEL, Object.values(LogLevel));
  return { licenseSecret, extensions, logLevel };
}

export function resolveAllowAllClients(validator: Validator, props: HiveMQClusterProps): boolean {
  return validator.boolean('allowAllClients', props.allowAllClients, DEFAULT_ALLOW_ALL_CLIENTS);
}
