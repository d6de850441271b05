/**
 * The pod-customization area: labels and annotations of the broker pods, extra environment, volumes, sidecars and init
 * containers, node affinity and the ServiceAccount's annotations. Checked here: everything the input alone decides. Clashes
 * with what the library itself puts into the pod (env names, volume names, paths, container names, ports) are checked against
 * the rendered pod, in lib/render/pod-customization.ts.
 */
import { ContainerProps, EnvValue, ImagePullPolicy, k8s, Volume } from 'cdk8s-plus-28';
import type { ExtraVolume, HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { DNS1123_LABEL, Validator } from '../validation/validator';
import { containerToKube, envVarToKube, KubeContainer, volumeToKube } from './cdk8s-plus-objects';
import { PodCustomizationModel, PodVolumeModel } from './cluster-model';
import { list } from './optional-values';

/** Extra volumes are mounted writable unless said otherwise, as Kubernetes mounts them. */
export const DEFAULT_EXTRA_VOLUME_READ_ONLY = false;
/** Pod Security Standards "restricted" seccomp types (kubernetes.io/docs/concepts/security/pod-security-standards). */
const RESTRICTED_SECCOMP = ['RuntimeDefault', 'Localhost'];
/** Pod Security Standards "restricted", "Volume Types": the only volume sources it allows (same page). */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
/** What cdk8s-plus-28 gives a container without `resources` (its Container constructor): requests / limits. */
const CDK8S_PLUS_DEFAULT_RESOURCES = 'CPU 1000m / 1500m and memory 512Mi / 2048Mi (requests / limits)';
const RESOURCES_FIX = 'Set resources with cpu request and limit at one value (e.g. 100m) and memory request and limit at one value (e.g. 128Mi).';
const SECURITY_FIX = 'Set securityContext with ensureNonRoot true, allowPrivilegeEscalation false, privileged false, readOnlyRootFilesystem true '
  + 'and capabilities.drop [ALL].';
const EXTRA_VOLUME_KEYS = ['volume', 'mountPath', 'readOnly', 'subPath'];
const NODE_AFFINITY_KEYS = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** `pullPolicy` is the cluster's, which an added container without its own `imagePullPolicy` gets too. */
export function resolveCustomization(validator: Validator, props: HiveMQClusterProps, pullPolicy: string): PodCustomizationModel {
  const podLabels = validator.labels('podLabels', props.podLabels ?? {});
  for (const [key, value] of Object.entries(podLabels)) {
    // `labels` reach the pods too; one key with two values would leave one of them silently unused.
    if (props.labels && key in props.labels && props.labels[key] !== value) {
      validator.fail(`podLabels['${key}']`, `differs from labels['${key}'] ('${props.labels[key]}'), which the pods carry too`, value,
        'Set the key in one of them only.');
    }
  }
  const podAnnotations = validator.annotations('podAnnotations', props.podAnnotations ?? {});
  const serviceAccountAnnotations = validator.annotations('serviceAccountAnnotations', props.serviceAccountAnnotations ?? {});
  const env = resolveEnv(validator, props.extraEnv);
  const extraVolumes = (list(validator, 'extraVolumes', props.extraVolumes) ?? [])
    .map((extra, index) => checkExtraVolume(validator, `extraVolumes[${index}]`, extra));
  const sidecars = (list(validator, 'sidecars', props.sidecars) ?? [])
    .map((container, index) => checkContainer(validator, `sidecars[${index}]`, container, false, pullPolicy));
  const initContainers = (list(validator, 'extraInitContainers', props.extraInitContainers) ?? [])
    .map((container, index) => checkContainer(validator, `extraInitContainers[${index}]`, container, true, pullPolicy));
  checkContainerNames(validator, [['sidecars', sidecars], ['extraInitContainers', initContainers]]);
  const volumes = podVolumes(validator, extraVolumes, [['sidecars', sidecars], ['extraInitContainers', initContainers]]);
  const nodeAffinity = props.nodeAffinity === undefined ? undefined : checkNodeAffinity(validator, props.nodeAffinity);
  return {
    podLabels, podAnnotations, env, volumes, serviceAccountAnnotations, nodeAffinity,
    brokerMounts: extraVolumes.map((extra) => extra.mount),
    sidecars: sidecars.map((kube) => kube.container),
    initContainers: initContainers.map((kube) => kube.container),
  };
}

function resolveEnv(validator: Validator, extraEnv: Record<string, EnvValue> | undefined): k8s.EnvVar[] {
  if (extraEnv === undefined) return [];
  if (extraEnv === null || typeof extraEnv !== 'object' || Array.isArray(extraEnv)) {
    validator.fail('extraEnv', 'must be an object of names and EnvValues', extraEnv, 'Pass e.g. { MY_SETTING: EnvValue.fromValue(\'on\') }.');
  }
  return Object.entries(extraEnv).map(([name, value]) => {
    validator.envName('extraEnv', name);
    validator.instance(`extraEnv.${name}`, value, EnvValue, 'Use EnvValue.fromValue(), fromSecretValue(), fromConfigMap() or fromFieldRef().');
    return envVarToKube(name, value);
  });
}

interface CheckedVolume {
  readonly prop: string;
  readonly volume: Volume;
  readonly kube: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

function checkExtraVolume(validator: Validator, prop: string, extra: ExtraVolume): CheckedVolume {
  validator.keys(prop, extra, EXTRA_VOLUME_KEYS);
  validator.required(prop, extra, 'Pass { volume, mountPath }.');
  const volume = validator.instance(`${prop}.volume`, extra.volume, Volume,
    'Use a cdk8s-plus Volume, e.g. Volume.fromConfigMap(scope, id, configMap).');
  const kube = volumeToKube(volume);
  const mountPath = validator.string(`${prop}.mountPath`, extra.mountPath, 'Use an absolute path such as \'/mnt/my-volume\'.');
  if (!mountPath.startsWith('/') || mountPath.split('/').includes('..') || mountPath.includes(':')) {
    validator.fail(`${prop}.mountPath`, 'must be an absolute path without \'..\' or \':\'', mountPath,
      'Use an absolute path such as \'/mnt/my-volume\'.');
  }
  const readOnly = validator.boolean(`${prop}.readOnly`, extra.readOnly, DEFAULT_EXTRA_VOLUME_READ_ONLY);
  if (extra.subPath !== undefined) {
    const subPath = validator.string(`${prop}.subPath`, extra.subPath, 'Use a relative path inside the volume, or leave subPath unset.');
    // The API server's rule (pkg/apis/core/validation validateLocalDescendingPath).
    if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
      validator.fail(`${prop}.subPath`, 'must be a relative path without \'..\'', subPath, 'Use a path inside the volume, e.g. \'conf\'.');
    }
  }
  const mount: k8s.VolumeMount = {
    name: volume.name, mountPath: normalizePath(mountPath), ...(readOnly ? { readOnly } : {}), ...(extra.subPath ? { subPath: extra.subPath } : {}),
  };
  return { prop, volume, kube, mount };
}

/** A path without a trailing '/' or repeated '/': how the container runtime resolves it, and so how paths are compared. */
export function normalizePath(path: string): string {
  return `/${path.split('/').filter((part) => part !== '' && part !== '.').join('/')}`;
}

/** A sidecar or init container, rendered by cdk8s-plus and checked in that rendered form (its defaults included). */
function checkContainer(validator: Validator, prop: string, props: ContainerProps, init: boolean, pullPolicy: string): KubeContainer {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    validator.fail(prop, 'must be cdk8s-plus ContainerProps', props,
      'Pass e.g. { name: \'log-shipper\', image: \'registry.example.com/shipper:1.0.0\', ... }.');
  }
  validator.image(`${prop}.image`, props.image);
  // Checked before the conversion: cdk8s-plus would fill in resources the user never chose, and trip over a null.
  if (props.resources === undefined || props.resources === null) {
    validator.fail(`${prop}.resources`, `must be set: cdk8s-plus would otherwise give the container ${CDK8S_PLUS_DEFAULT_RESOURCES}, `
      + 'which leaves the broker pod without Guaranteed QoS', props.resources ?? 'unset', RESOURCES_FIX);
  }
  if (props.securityContext === null || (props.securityContext !== undefined && typeof props.securityContext !== 'object')) {
    validator.fail(`${prop}.securityContext`, 'must be cdk8s-plus ContainerSecurityContextProps', props.securityContext, SECURITY_FIX);
  }
  let kube: KubeContainer;
  try {
    // The cluster's pull policy instead of cdk8s-plus's Always, e.g. IfNotPresent for nodes that cannot reach the registry.
    kube = containerToKube({ ...props, imagePullPolicy: props.imagePullPolicy ?? pullPolicy as ImagePullPolicy });
  } catch (error) {
    validator.fail(prop, `is refused by cdk8s-plus: ${(error as Error).message}`, props.name ?? 'main', 'Fix the container props.');
  }
  const container = kube.container;
  const name = container.name;
  if (name.length > 63 || !DNS1123_LABEL.test(name)) {
    validator.fail(`${prop}.name`, 'must be a DNS-1123 label of at most 63 characters (lowercase letters, digits and \'-\')', name,
      'Name it, e.g. \'log-shipper\'.');
  }
  checkSecurity(validator, prop, container.securityContext ?? {});
  checkResources(validator, `${prop}.resources`, container.resources ?? {});
  (container.ports ?? []).forEach((port, index) => {
    // Pod Security "baseline" (and so "restricted") forbids host ports.
    if (port.hostPort) {
      validator.fail(`${prop}.ports[${index}].hostPort`, 'must not be set: Pod Security "baseline" and "restricted" forbid host ports', port.hostPort,
        'Remove hostPort; expose the port through a Service.');
    }
  });
  if (container.restartPolicy !== undefined) {
    if (init) {
      // restartPolicy Always makes an init container a native sidecar (KEP-753; kubernetes.io "Sidecar Containers": alpha in
      // 1.28, beta and on by default from 1.29). The library checks sidecars (ports, NetworkPolicy) only in `sidecars`, and
      // where the feature is off the API server drops the field, leaving an init container that never ends.
      validator.fail(`${prop}.restartPolicy`, 'must not be set: an init container with a restartPolicy is a native sidecar, which this library '
        + 'does not support', container.restartPolicy, 'Remove restartPolicy and put the container in sidecars.');
    }
    validator.fail(`${prop}.restartPolicy`, 'must not be set: the API server refuses it on a regular container ("may not be set for non-init '
      + 'containers")', container.restartPolicy, 'Remove restartPolicy: the pod\'s own restart policy applies to its containers.');
  }
  if (init) {
    // The API server refuses probes and lifecycle hooks on init containers; cdk8s-plus adds a startup probe on the first port.
    const refused = (['startupProbe', 'livenessProbe', 'readinessProbe', 'lifecycle'] as const).filter((field) => container[field] !== undefined);
    if (refused.length) {
      validator.fail(prop, `must not have ${refused.join(', ')}: the API server refuses them on init containers`, name,
        'Remove them (and ports: cdk8s-plus adds a startup probe on the first port).');
    }
  }
  return kube;
}

/**
 * The broker's rule (README "The broker pod"): requests = limits for CPU and memory, each above zero. Kubernetes gives a pod
 * Guaranteed QoS only when every container, init containers included, has them so
 * (kubernetes.io/docs/concepts/workloads/pods/pod-qos, "Guaranteed").
 */
function checkResources(validator: Validator, prop: string, resources: k8s.ResourceRequirements): void {
  const problems = (['cpu', 'memory'] as const).flatMap((resource) => {
    const request = resources.requests?.[resource]?.value;
    const limit = resources.limits?.[resource]?.value;
    if (request === undefined || limit === undefined) {
      return [`${resource} ${[request === undefined ? 'request' : '', limit === undefined ? 'limit' : ''].filter(Boolean).join(' and ')} unset`];
    }
    const [requestAmount, limitAmount] = [quantityAmount(resource, request), quantityAmount(resource, limit)];
    if (!(requestAmount > 0) || !(limitAmount > 0)) return [`${resource} not above zero`];
    return requestAmount === limitAmount ? [] : [`${resource} request ${request} differs from limit ${limit}`];
  });
  if (problems.length) {
    validator.fail(prop, 'must set requests equal to limits for CPU and memory, each above zero, as the broker does, or the broker pod loses '
      + `its Guaranteed QoS class (${problems.join('; ')})`, k8s.toJson_ResourceRequirements(resources) ?? 'none', RESOURCES_FIX);
  }
}

/** A quantity as cdk8s-plus writes one (CPU as Cpu.amount, memory in Mi) in millicores or bytes; NaN for anything else. */
function quantityAmount(resource: 'cpu' | 'memory', value: string | number): number {
  if (typeof value === 'number') return value * (resource === 'cpu' ? 1000 : 1);
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(value);
  const scale: Record<string, number> = resource === 'cpu' ? { '': 1000, 'm': 1 } : { '': 1, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3 };
  const factor = match ? scale[match[2] ?? ''] : undefined;
  return match && factor !== undefined ? Number(match[1]) * factor : NaN;
}

/** The broker's Pod Security "restricted" settings, required of every added container. */
function checkSecurity(validator: Validator, prop: string, security: k8s.SecurityContext): void {
  const at = `${prop}.securityContext`;
  const fix = SECURITY_FIX;
  if (security.privileged) validator.fail(`${at}.privileged`, 'must be false (Pod Security "restricted", as the broker)', true, fix);
  if (security.allowPrivilegeEscalation !== false) {
    validator.fail(`${at}.allowPrivilegeEscalation`, 'must be false (Pod Security "restricted", as the broker)',
      security.allowPrivilegeEscalation ?? 'unset', fix);
  }
  if (security.runAsNonRoot === false || security.runAsUser === 0) {
    validator.fail(`${at}`, 'must not run as root (Pod Security "restricted", as the broker): runAsNonRoot false or runAsUser 0',
      { runAsNonRoot: security.runAsNonRoot, runAsUser: security.runAsUser },
      `${fix} Leave user unset (the pod runs as UID 10000) or use a non-zero UID.`);
  }
  if (!(security.capabilities?.drop ?? []).includes('ALL')) {
    validator.fail(`${at}.capabilities.drop`, 'must include ALL (Pod Security "restricted", as the broker)',
      security.capabilities?.drop ?? 'unset', fix);
  }
  if ((security.capabilities?.add ?? []).length) {
    validator.fail(`${at}.capabilities.add`, 'must be empty: the broker adds no capability and neither may a container beside it',
      security.capabilities!.add, 'Remove the added capabilities.');
  }
  if (security.readOnlyRootFilesystem !== true) {
    validator.fail(`${at}.readOnlyRootFilesystem`, 'must be true, as the broker\'s: write to a mounted emptyDir instead',
      security.readOnlyRootFilesystem ?? 'unset', fix);
  }
  // Unset inherits the pod's RuntimeDefault profile (both modes set it on the pod).
  if (security.seccompProfile && !RESTRICTED_SECCOMP.includes(security.seccompProfile.type)) {
    validator.fail(`${at}.seccompProfile.type`, `must be ${RESTRICTED_SECCOMP.join(' or ')} (Pod Security "restricted")`,
      security.seccompProfile.type,
      'Leave it unset (the pod\'s RuntimeDefault applies) or use RuntimeDefault.');
  }
}

/** Container names are unique in the pod, init containers included (the API server's rule). */
function checkContainerNames(validator: Validator, groups: Array<[string, KubeContainer[]]>): void {
  const seen = new Map<string, string>();
  for (const [prop, containers] of groups) {
    containers.forEach((kube, index) => {
      const name = kube.container.name;
      const first = seen.get(name);
      if (first) {
        validator.fail(`${prop}[${index}].name`, `is already the name of ${first}: container names are unique in the pod`, name,
          'Give each container its own name (cdk8s-plus names an unnamed one \'main\').');
      }
      seen.set(name, `${prop}[${index}]`);
    });
  }
}

/**
 * The extra volumes, then any other volume a sidecar or init container mounts: one name, one volume; one mount path, one
 * volume; every one of a type Pod Security "restricted" allows.
 */
function podVolumes(validator: Validator, extras: CheckedVolume[], groups: Array<[string, KubeContainer[]]>): PodVolumeModel[] {
  const byName = new Map<string, { prop: string; volume: Volume }>();
  const byPath = new Map<string, string>();
  for (const extra of extras) {
    const sameName = byName.get(extra.volume.name);
    if (sameName) {
      validator.fail(`${extra.prop}.volume`, `has the name of ${sameName.prop}: volume names are unique in the pod`, extra.volume.name,
        'Give each volume its own name, or mount one volume once.');
    }
    const samePath = byPath.get(extra.mount.mountPath);
    if (samePath) {
      validator.fail(`${extra.prop}.mountPath`, `is already the mount path of ${samePath}`, extra.mount.mountPath,
        'Mount each volume at its own path.');
    }
    byName.set(extra.volume.name, { prop: `${extra.prop}.volume`, volume: extra.volume });
    byPath.set(extra.mount.mountPath, extra.prop);
  }
  const volumes: PodVolumeModel[] = extras.map((extra) => ({ prop: `${extra.prop}.volume`, volume: extra.kube }));
  for (const [prop, containers] of groups) {
    // cdk8s-plus mounts volumeMounts in the order given, so the n-th volume is that of volumeMounts[n].
    containers.forEach((kube, index) => kube.volumes.forEach((volume, mountIndex) => {
      const at = `${prop}[${index}].volumeMounts[${mountIndex}].volume`;
      const known = byName.get(volume.name);
      if (known && known.volume !== volume) {
        validator.fail(at, `mounts a different volume named like ${known.prop}`, volume.name,
          'Mount the same Volume object, or give the volumes different names.');
      }
      if (!known) {
        byName.set(volume.name, { prop: at, volume });
        volumes.push({ prop: at, volume: volumeToKube(volume) });
      }
    }));
  }
  volumes.forEach((volume) => checkVolumeType(validator, volume.prop, volume.volume));
  return volumes;
}

/** Pod Security "restricted" allows only some volume types (kubernetes.io/docs/concepts/security/pod-security-standards, "Volume Types"). */
function checkVolumeType(validator: Validator, prop: string, volume: k8s.Volume): void {
  // The Kubernetes field names, which the Pod Security Standards list.
  const types = Object.keys(k8s.toJson_Volume(volume) ?? {}).filter((key) => key !== 'name');
  const refused = types.filter((type) => !RESTRICTED_VOLUME_TYPES.includes(type));
  if (refused.length) {
    validator.fail(prop, `must not be a ${refused.join(', ')} volume: Pod Security "restricted" allows only ${RESTRICTED_VOLUME_TYPES.join(', ')} `
      + 'volumes', volume.name, 'Use a ConfigMap, Secret, emptyDir, PersistentVolumeClaim, CSI or projected volume.');
  }
}

/** A node affinity, to the API server's rules (pkg/apis/core/validation ValidateNodeSelector, ValidatePreferredSchedulingTerms). */
function checkNodeAffinity(validator: Validator, affinity: k8s.NodeAffinity): k8s.NodeAffinity {
  validator.keys('nodeAffinity', affinity, NODE_AFFINITY_KEYS, { podAntiAffinity: 'the library: antiAffinity: Placement.REQUIRED or PREFERRED' });
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined) {
    const prop = 'nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution';
    validator.keys(prop, required, ['nodeSelectorTerms']);
    const terms = list(validator, `${prop}.nodeSelectorTerms`, required.nodeSelectorTerms) ?? [];
    if (!terms.length) {
      validator.fail(`${prop}.nodeSelectorTerms`, 'must not be empty: the API server refuses a required node selector without terms', [],
        'List at least one term, or leave requiredDuringSchedulingIgnoredDuringExecution unset.');
    }
    terms.forEach((term, index) => checkNodeSelectorTerm(validator, `${prop}.nodeSelectorTerms[${index}]`, term));
  }
  (list(validator, 'nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution', affinity.preferredDuringSchedulingIgnoredDuringExecution) ?? [])
    .forEach((preferred, index) => {
      const prop = `nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      validator.keys(prop, preferred, ['weight', 'preference']);
      validator.integer(`${prop}.weight`, preferred.weight, 1, 100);
      validator.required(`${prop}.preference`, preferred.preference, 'Pass a node selector term: { matchExpressions: [...] }.');
      checkNodeSelectorTerm(validator, `${prop}.preference`, preferred.preference);
    });
  return { ...affinity };
}

function checkNodeSelectorTerm(validator: Validator, prop: string, term: k8s.NodeSelectorTerm): void {
  validator.keys(prop, term, ['matchExpressions', 'matchFields']);
  for (const field of ['matchExpressions', 'matchFields'] as const) {
    (list(validator, `${prop}.${field}`, term[field]) ?? []).forEach((requirement, index) => {
      const path = `${prop}.${field}[${index}]`;
      validator.keys(path, requirement, ['key', 'operator', 'values']);
      if (field === 'matchExpressions') validator.qualifiedName(`${path}.key`, requirement.key,
        'Use a node label key such as \'node.kubernetes.io/instance-type\'.');
      else validator.oneOf(`${path}.key`, requirement.key, ['metadata.name']);
      const operator = validator.oneOf(`${path}.operator`, requirement.operator, field === 'matchFields' ? ['In', 'NotIn'] : NODE_OPERATORS);
      const values = list(validator, `${path}.values`, requirement.values) ?? [];
      const expected = operator === 'In' || operator === 'NotIn' ? 'at least one' : operator === 'Gt' || operator === 'Lt' ? 'exactly one' : 'no';
      const count = values.length;
      if ((expected === 'at least one' && count === 0) || (expected === 'exactly one' && count !== 1) || (expected === 'no' && count > 0)) {
        validator.fail(`${path}.values`, `must hold ${expected} value with operator ${operator} (the API server's rule)`, values,
          'Fix values or operator.');
      }
      values.forEach((value, j) => {
        if ((operator === 'Gt' || operator === 'Lt') && !/^-?\d{1,18}$/.test(String(value))) {
          validator.fail(`${path}.values[${j}]`, `must be a whole number with operator ${operator}`, value,
            'Use a whole number as a string, e.g. \'4\'.');
        }
        if (field === 'matchExpressions' && operator !== 'Gt' && operator !== 'Lt')
          validator.labelValue(`${path}.values[${j}]`, value, 'Use a label value.');
      });
    });
  }
}
