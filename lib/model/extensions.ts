/** Extension sources (the discovery, Prometheus and extra extensions) and the extra extensions' folders. */
import { ExtensionSource } from '../cluster/extension-source';
import { ExtensionSourceSpec } from '../cluster/extension-source-spec';
import type { ExtensionOptions } from '../cluster/hivemq-cluster-props';
import { Validator } from '../validation/validator';
import { ResolvedExtension } from './cluster-model';
import { list } from './optional-values';
import { EXTENSION_KEYS } from './option-keys';

/** Folder of the DNS discovery extension in the release zip (hivemq-dns-cluster-discovery-extension settings.gradle.kts). */
export const DNS_EXTENSION_FOLDER = 'hivemq-dns-cluster-discovery';
/** Folder of the Prometheus extension in its release zip (hivemq-prometheus-extension settings.gradle.kts). */
export const PROMETHEUS_FOLDER = 'hivemq-prometheus-extension';
/** The image's allow-all extension (hivemq4-docker-images README; HiveMQ chart values.yaml). */
export const ALLOW_ALL_FOLDER = 'hivemq-allow-all-extension';

export function resolveExtensionSource(validator: Validator, source: ExtensionSource, prop: string): ExtensionSourceSpec {
  validator.instance(prop, source, ExtensionSource,
    'Use ExtensionSource.fromUrl({...}), .fromImage({...}) or a release source such as ExtensionSource.dnsDiscoveryRelease().');
  const spec = source._spec;
  if (spec.kind === 'url') {
    if (!/^https:\/\/[^\s'"`$\\]+$/.test(spec.url)) {
      validator.fail(`${prop}.url`, 'must be an https:// URL without spaces, quotes, \'$\' or \'\\\'', spec.url,
        'Use the https address of the release zip.');
    }
    if (spec.sha256 !== undefined && !/^[a-f0-9]{64}$/.test(spec.sha256)) {
      validator.fail(`${prop}.sha256`, 'must be 64 lowercase hex digits', spec.sha256, 'Copy the value of the release\'s .zip.sha256 file.');
    }
    const downloaderImage = spec.downloaderImage ?? ExtensionSource.DEFAULT_DOWNLOADER_IMAGE;
    validator.image(`${prop}.downloaderImage`, downloaderImage);
    return { ...spec, downloaderImage };
  }
  validator.image(`${prop}.image`, spec.image);
  if (!/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(spec.path)) {
    validator.fail(`${prop}.path`, 'must be an absolute path of letters, digits, \'.\', \'_\', \'-\' and \'/\'', spec.path,
      'Use e.g. \'/hivemq-dns-cluster-discovery\'.');
  }
  return spec;
}

/** The extra extensions, each in its own folder (none of the folders the library installs itself). */
export function resolveExtensions(validator: Validator, extensions: ExtensionOptions[] | undefined): ResolvedExtension[] {
  const resolved = (list(validator, 'extensions', extensions) ?? [])
    .map((extension, index) => resolveExtension(validator, `extensions[${index}]`, extension));
  const folders = resolved.map((extension) => extension.folder);
  folders.forEach((folder, index) => {
    if (folders.indexOf(folder) !== index || [DNS_EXTENSION_FOLDER, ALLOW_ALL_FOLDER, PROMETHEUS_FOLDER].includes(folder)) {
      validator.fail(`extensions[${index}].folder`, 'is already used by another extension', folder, 'Give every extension its own folder.');
    }
  });
  return resolved;
}

function resolveExtension(validator: Validator, prop: string, extension: ExtensionOptions): ResolvedExtension {
  validator.keys(prop, extension, EXTENSION_KEYS, {
    url: 'ExtensionSource.fromUrl({ url }), passed as source',
    image: 'ExtensionSource.fromImage({ image, path }), passed as source',
    sha256: 'ExtensionSource.fromUrl({ url, sha256 }), passed as source',
  });
  if (!extension || !(extension.source instanceof ExtensionSource)) {
    validator.fail(`${prop}.source`, 'must be an ExtensionSource', extension?.source, 'Use ExtensionSource.fromUrl() or .fromImage().');
  }
  const folder = extension.folder;
  if (typeof folder !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(folder)) {
    validator.fail(`${prop}.folder`, 'must be a folder name (letters, digits, \'.\', \'_\' and \'-\')', folder,
      'Use the folder the zip unpacks into.');
  }
  const source = resolveExtensionSource(validator, extension.source, `${prop}.source`);
  if (source.kind === 'image' && source.path.split('/').pop() !== folder) {
    validator.fail(`${prop}.source.path`, `must end in the extension folder '${folder}'`, source.path,
      'Point path at the folder that holds hivemq-extension.xml.');
  }
  const configSecret = extension.configSecret === undefined ? undefined : validator.dns1123Subdomain(`${prop}.configSecret`, extension.configSecret);
  return { folder, source, configSecret };
}
