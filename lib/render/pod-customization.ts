/**
 * The user's additions to the broker pod checked against what the library puts there itself, read from the library's own
 * rendered pod in both modes (so that one list of names, paths and ports exists: the render code's, and a cluster moves
 * between modes unchanged): env names, volume names, mount paths, container names, pod labels and annotations, ports.
 */
import { DeploymentModeKind } from '../cluster/deployment-mode';
import { ClusterModel, HIVEMQ } from '../model/cluster-model';
import { LIBRARY_LABEL_KEYS } from '../model/metadata';
import { platformSelector, RESERVED_ENV, RESERVED_VOLUMES } from '../operator/operator-renderer';
import { Validator } from '../validation/validator';
import { TLS_ROOT } from './config-xml';
import { PATHS, renderLibraryPodTemplate, VOLUMES } from './pod-template';

/** Folders the library and HiveMQ use: nothing may be mounted at, below or above them (HiveMQ's image has no folder meant for users). */
const RESERVED_ROOTS = [PATHS.home, PATHS.tmp, PATHS.initHome, TLS_ROOT];
const FREE_PATH = '/mnt/<name>';

/** Throws the library's message for the first addition that clashes with the library's own pod. */
export function checkPodCustomization(model: ClusterModel): void {
  const custom = model.customization;
  const added = [custom.podLabels, custom.podAnnotations].some((record) => Object.keys(record).length)
    || [custom.env, custom.volumes, custom.sidecars, custom.initContainers].some((list) => list.length);
  if (!added) return;
  const validator = new Validator('HiveMQCluster', model.id);
  const pods = [DeploymentModeKind.PLAIN, DeploymentModeKind.OPERATOR]
    .map((kind) => renderLibraryPodTemplate({ ...model, mode: { ...model.mode, kind } }, { configHash: '' }));
  const specs = pods.map((pod) => pod.spec!);
  const brokers = specs.map((spec) => spec.containers[0]);

  const labelKeys = new Set([...LIBRARY_LABEL_KEYS, ...Object.keys(platformSelector(model))]);
  for (const key of Object.keys(custom.podLabels)) {
    if (labelKeys.has(key)) {
      validator.fail('podLabels', 'must not set a label the library selects or identifies the brokers by', key,
        `Remove it; the library sets ${[...labelKeys].join(', ')} itself.`);
    }
  }
  const annotationKeys = new Set(pods.flatMap((pod) => Object.keys(pod.metadata?.annotations ?? {})));
  for (const key of Object.keys(custom.podAnnotations)) {
    if (annotationKeys.has(key)) validator.fail('podAnnotations', 'must not set an annotation the library sets', key, 'Remove it.');
  }

  const envNames = new Set([...brokers.flatMap((broker) => (broker.env ?? []).map((env) => env.name)), ...RESERVED_ENV]);
  for (const env of custom.env) {
    if (envNames.has(env.name)) {
      validator.fail('extraEnv', 'must not set a variable the library (or the HiveMQ Platform Operator) sets on the broker', env.name,
        `Use another name; the library sets ${[...envNames].join(', ')}.`);
    }
  }

  const volumeNames = new Set([...specs.flatMap((spec) => (spec.volumes ?? []).map((volume) => volume.name)), ...Object.values(VOLUMES),
    ...RESERVED_VOLUMES]);
  for (const { prop, volume } of custom.volumes) {
    if (volumeNames.has(volume.name)) {
      validator.fail(prop, 'must not use a volume name the library uses', volume.name,
        `Name the volume differently; the library uses ${[...volumeNames].join(', ')}.`);
    }
  }
  const libraryPaths = [...RESERVED_ROOTS, ...brokers.flatMap((broker) => (broker.volumeMounts ?? []).map((mount) => mount.mountPath))];
  custom.brokerMounts.forEach((mount, index) => {
    const clash = libraryPaths.find((path) => overlaps(mount.mountPath, path));
    if (clash) {
      validator.fail(`extraVolumes[${index}].mountPath`, `must stay out of the folders the library uses (it overlaps ${clash}; `
        + `reserved: ${RESERVED_ROOTS.join(', ')} and everything below them)`, mount.mountPath,
      `Mount it at a free path such as ${FREE_PATH}.`);
    }
  });

  const containerNames = new Set(specs.flatMap((spec) => [...spec.containers, ...spec.initContainers ?? []].map((container) => container.name)));
  const containers: Array<[string, typeof custom.sidecars]> = [['sidecars', custom.sidecars], ['extraInitContainers', custom.initContainers]];
  containers.forEach(([prop, group]) => {
    group.forEach((container, index) => {
      if (containerNames.has(container.name)) {
        validator.fail(`${prop}[${index}].name`, 'must not be the name of one of the library\'s containers', container.name,
          `Use another name; the library's containers are ${[...containerNames].join(', ')}.`);
      }
    });
  });

  // The broker's ports as rendered (listeners, cluster transport, health API, Control Center, REST API, metrics), and the
  // operator's REST API in the pod in operator mode: a sidecar shares the pod's network namespace and cannot bind them.
  const brokerPorts = [
    ...(brokers[0].ports ?? []).map((port) => ({ name: port.name, number: port.containerPort })),
    ...(model.mode.kind === DeploymentModeKind.OPERATOR ? [{ name: 'operator', number: HIVEMQ.operatorPort }] : []),
  ];
  const taken = new Map(brokerPorts.map((port) => [port.number, `the broker's ${port.name} port`]));
  const takenNames = new Set(brokerPorts.map((port) => port.name));
  custom.sidecars.forEach((container, index) => (container.ports ?? []).forEach((port, portIndex) => {
    const prop = `sidecars[${index}].ports[${portIndex}]`;
    const owner = taken.get(port.containerPort);
    if (owner) {
      validator.fail(prop, `must not use ${owner}: the containers of a pod share its network`, port.containerPort,
        `Use a port the broker does not serve (the broker's: ${brokerPorts.map((p) => p.number).join(', ')}).`);
    }
    if (port.name && takenNames.has(port.name)) {
      validator.fail(`${prop}.name`, 'must not be the name of a broker port (Services target the broker by port name)', port.name,
        'Name the port differently.');
    }
    taken.set(port.containerPort, `the port of ${prop}`);
    if (port.name) takenNames.add(port.name);
  }));
}

/** Whether one path is, or lies below or above, the other. */
function overlaps(path: string, reserved: string): boolean {
  return path === reserved || path.startsWith(`${reserved}/`) || reserved.startsWith(path === '/' ? '/' : `${path}/`);
}
