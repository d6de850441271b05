/** The image area: repository, version, digest and how the image is pulled. */
import { ImagePullPolicy } from 'cdk8s-plus-28';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { IMAGE_REPOSITORY, Validator } from '../validation/validator';
import { HIVEMQ, ImageModel } from './cluster-model';
import { list } from './optional-values';

/** hivemq/helm-charts charts/hivemq-platform/values.yaml image.repository + image.name */
export const DEFAULT_IMAGE = HIVEMQ.imageRepository;
/** hivemq/helm-charts charts/hivemq-platform/values.yaml image.tag */
export const DEFAULT_VERSION = HIVEMQ.version;
/** The tag is pinned, so a node's cached copy is the right one. */
export const DEFAULT_IMAGE_PULL_POLICY = ImagePullPolicy.IF_NOT_PRESENT;

/** The image reference, version and pull secrets (the pull policy is resolved with {@link resolveImagePullPolicy}). */
export function resolveImage(validator: Validator, props: HiveMQClusterProps): Omit<ImageModel, 'pullPolicy'> {
  const version = props.version ?? DEFAULT_VERSION;
  validator.imageTag('version', version);
  const repository = props.image ?? DEFAULT_IMAGE;
  if (typeof repository !== 'string' || !IMAGE_REPOSITORY.test(repository)) {
    validator.fail('image', 'must be an image repository without tag or digest', repository,
      'Use e.g. \'registry.example.com/hivemq/hivemq4\' and set the tag with version.');
  }
  if (props.imageDigest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(props.imageDigest)) {
    validator.fail('imageDigest', 'must be \'sha256:\' and 64 lowercase hex digits', props.imageDigest, 'Copy the digest from your registry.');
  }
  const reference = `${repository}:${version}${props.imageDigest ? `@${props.imageDigest}` : ''}`;
  const pullSecrets = (list(validator, 'imagePullSecrets', props.imagePullSecrets) ?? [])
    .map((secret, index) => validator.dns1123Subdomain(`imagePullSecrets[${index}]`, secret));
  return { reference, version, pullSecrets };
}

export function resolveImagePullPolicy(validator: Validator, props: HiveMQClusterProps): string {
  return validator.oneOf('imagePullPolicy', props.imagePullPolicy ?? DEFAULT_IMAGE_PULL_POLICY, Object.values(ImagePullPolicy));
}
