import { ExtensionSourceSpec } from './extension-source-spec';
import { keysOf, Validator } from '../validation/validator';
import { inputError } from '../validation/input-error';

/**
 * Where an init container gets a HiveMQ extension folder from. The stock `hivemq/hivemq4` image ships no cluster
 * discovery extension (hivemq/hivemq4-docker-images README; hivemq/helm-charts values.yaml), so the cluster installs the open-source DNS discovery
 * extension into its extensions folder before the broker starts.
 */
export class ExtensionSource {
  /** Default version of the DNS discovery extension (newest tag, 2026-08-03). */
  public static readonly DNS_DISCOVERY_DEFAULT_VERSION = '4.4.7';

  /** Default version of the Prometheus extension (hivemq/hivemq-prometheus-extension tag 4.1.1). */
  public static readonly PROMETHEUS_DEFAULT_VERSION = '4.1.1';

  /**
   * Default image of the download init container: Alpine-based, with `curl`, `sha256sum` and BusyBox `unzip`
   * (curl/curl-container `Makefile` base alpine; CHANGELOG lists 8.17.0; HiveMQ's own DNS image unpacks the zip with
   * Alpine's BusyBox `unzip`, hivemq4-docker-images `hivemq4/dns-image/Dockerfile`).
   */
  public static readonly DEFAULT_DOWNLOADER_IMAGE = 'curlimages/curl:8.17.0';

  /**
   * Download the release zip of an extension and unpack it. The init container runs `curl` with TLS verification and
   * checks the zip's SHA-256: against `sha256` when given (pinned, reproducible), otherwise against the `.sha256` file
   * published next to the zip (integrity of the transfer only: it trusts the release host).
   *
   * Needs egress to the download host at every pod start; for air-gapped clusters use `ExtensionSource.fromImage()`.
   */
  public static fromUrl(options: UrlExtensionSourceOptions): ExtensionSource {
    checkOptions('ExtensionSource.fromUrl()', options, URL_KEYS, {
      image: 'ExtensionSource.fromImage()', path: 'ExtensionSource.fromImage()',
      version: 'ExtensionSource.dnsDiscoveryRelease() and ExtensionSource.prometheusRelease(); fromUrl takes the whole url',
    });
    return new ExtensionSource({ kind: 'url', ...options });
  }

  /**
   * Copy the unpacked extension folder out of an image you build and mirror yourself, e.g.
   * `FROM busybox` + `COPY hivemq-dns-cluster-discovery /hivemq-dns-cluster-discovery`. Works without internet access.
   */
  public static fromImage(options: ImageExtensionSourceOptions): ExtensionSource {
    checkOptions('ExtensionSource.fromImage()', options, IMAGE_KEYS, {
      url: 'ExtensionSource.fromUrl()', sha256: 'ExtensionSource.fromUrl(): an image is pinned by its tag or digest',
      downloaderImage: 'ExtensionSource.fromUrl(): the image itself is copied from, nothing is downloaded',
    });
    return new ExtensionSource({ kind: 'image', ...options });
  }

  /**
   * The DNS cluster discovery extension's GitHub release zip.
   *
   * URL pattern: hivemq/hivemq4-docker-images `hivemq4/dns-image/Dockerfile` L13; latest release 4.4.7
   * (hivemq/hivemq-dns-cluster-discovery-extension `gradle.properties`, tag 4.4.7, 2026-08-03).
   */
  public static dnsDiscoveryRelease(options: ExtensionReleaseOptions = {}): ExtensionSource {
    return githubRelease('dnsDiscoveryRelease', 'hivemq-dns-cluster-discovery-extension', 'hivemq-dns-cluster-discovery',
      ExtensionSource.DNS_DISCOVERY_DEFAULT_VERSION, options);
  }

  /**
   * The HiveMQ Prometheus extension's GitHub release zip (folder `hivemq-prometheus-extension`).
   *
   * URL pattern: hivemq/hivemq4-docker-images `hivemq4/k8s-image/Dockerfile` L24; latest release 4.1.1
   * (hivemq/hivemq-prometheus-extension `gradle.properties`); a `.zip.sha256` asset is published with each release.
   */
  public static prometheusRelease(options: ExtensionReleaseOptions = {}): ExtensionSource {
    return githubRelease('prometheusRelease', 'hivemq-prometheus-extension', 'hivemq-prometheus-extension',
      ExtensionSource.PROMETHEUS_DEFAULT_VERSION, options);
  }

  private constructor(private readonly spec: ExtensionSourceSpec) {}

  /** @internal */
  public get _spec(): ExtensionSourceSpec { return this.spec; }
}

function checkVersion(method: string, version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw inputError(`ExtensionSource.${method}: version must be a release number such as '4.4.7' (got '${version}'). Use a tag from the extension's `
      + 'GitHub releases.');
  }
  return version;
}

/** Options of `ExtensionSource.fromUrl()`. */
export interface UrlExtensionSourceOptions {
  /** HTTPS address of the extension's zip. The zip must hold one top-level extension folder. */
  readonly url: string;
  /**
   * Expected SHA-256 of the zip (64 hex digits). Pin it for reproducible, tamper-evident installs.
   * @default - compare with the `<url>.sha256` file published next to the zip
   */
  readonly sha256?: string;
  /**
   * Image of the init container that downloads and unpacks; it needs `sh`, `curl`, `sha256sum` and `unzip`.
   * @default 'curlimages/curl:8.17.0'
   */
  readonly downloaderImage?: string;
}

/** Options of `ExtensionSource.fromImage()`. */
export interface ImageExtensionSourceOptions {
  /** Image that contains the unpacked extension folder and `sh` and `cp`. */
  readonly image: string;
  /** Absolute path of the extension folder (the one that holds `hivemq-extension.xml`) inside the image. */
  readonly path: string;
}

/** Options of the release sources (`ExtensionSource.dnsDiscoveryRelease()`, `ExtensionSource.prometheusRelease()`). */
export interface ExtensionReleaseOptions {
  /**
   * Release of the extension.
   * @default '4.4.7' for DNS discovery, '4.1.1' for Prometheus
   */
  readonly version?: string;
  /**
   * SHA-256 of the release zip, copied from the release page's `.zip.sha256` asset.
   * @default - checked against the published `.zip.sha256` at download time
   */
  readonly sha256?: string;
  /**
   * Image of the init container that downloads and unpacks; it needs `sh`, `curl`, `sha256sum` and `unzip`.
   * @default 'curlimages/curl:8.17.0'
   */
  readonly downloaderImage?: string;
}

/** `https://github.com/hivemq/<repository>/releases/download/<version>/<zip>-<version>.zip`, the layout of HiveMQ's extension releases. */
function githubRelease(method: string, repository: string, zip: string, defaultVersion: string, options: ExtensionReleaseOptions): ExtensionSource {
  checkOptions(`ExtensionSource.${method}()`, options, RELEASE_KEYS, {
    url: 'ExtensionSource.fromUrl(), for a zip from another address', image: 'ExtensionSource.fromImage()', path: 'ExtensionSource.fromImage()',
  });
  const version = checkVersion(method, options.version ?? defaultVersion);
  return ExtensionSource.fromUrl({
    url: `https://github.com/hivemq/${repository}/releases/download/${version}/${zip}-${version}.zip`,
    sha256: options.sha256,
    downloaderImage: options.downloaderImage,
  });
}

const URL_KEYS = keysOf<UrlExtensionSourceOptions>({ url: true, sha256: true, downloaderImage: true });
const IMAGE_KEYS = keysOf<ImageExtensionSourceOptions>({ image: true, path: true });
const RELEASE_KEYS = keysOf<ExtensionReleaseOptions>({ version: true, sha256: true, downloaderImage: true });

/** Only the keys here: the values are checked with the cluster that installs the extension (URL, digest, image, path). */
function checkOptions(method: string, options: object, allowed: string[], elsewhere: Record<string, string>): void {
  const v = Validator.factory(method);
  v.required('options', options, 'Pass an options object.');
  v.keys('', options, allowed, elsewhere);
}
