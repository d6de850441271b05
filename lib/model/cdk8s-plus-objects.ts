/**
 * The one place that turns cdk8s-plus-28 objects (`ContainerProps`, `Volume`, `EnvValue`) into the Kubernetes objects the
 * pod is rendered from, in both modes. Containers and volumes go through cdk8s-plus's own `_toKube()`, the conversion its Pod
 * uses, so a user's container renders here exactly as it would in a cdk8s-plus Pod. `_toKube()` is marked `@internal` in
 * cdk8s-plus, a peer dependency (^2.5.0) that may change it in a minor release: nothing else in lib/ calls it, and
 * test/customization.test.ts pins what these functions return.
 */
import { Container, ContainerProps, EnvValue, k8s, Volume } from 'cdk8s-plus-28';

/** A container as cdk8s-plus renders it (with its defaults), and the volumes its mounts name. */
export interface KubeContainer {
  readonly container: k8s.Container;
  readonly volumes: readonly Volume[];
}

export function containerToKube(props: ContainerProps): KubeContainer {
  const container = new Container(props);
  return { container: container._toKube(), volumes: container.mounts.map((mount) => mount.volume) };
}

export function volumeToKube(volume: Volume): k8s.Volume {
  return volume._toKube();
}

/** EnvValue keeps its value or source public (typed `any` by cdk8s-plus: a string, or a k8s.EnvVarSource). */
export function envVarToKube(name: string, value: EnvValue): k8s.EnvVar {
  const plain: unknown = value.value;
  const source: unknown = value.valueFrom;
  return { name, value: plain as string | undefined, valueFrom: source as k8s.EnvVarSource | undefined };
}
