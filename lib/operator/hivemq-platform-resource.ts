import { Construct } from 'constructs';
import { HiveMqPlatform, HiveMqPlatformProps } from '../../imports/hivemq.com';
import { inputError } from '../validation/input-error';

/** What the HiveMQPlatform embeds, rendered at synthesis, and the check it must pass. */
export interface PlatformEmbedding {
  readonly statefulSet: () => unknown;
  readonly services: () => unknown[];
  /** The problems the operator would find in the finished custom resource (after the user's patches). */
  readonly check: (platform: unknown) => string[];
  /** The construct that owns the platform, for messages: `HiveMQCluster 'broker'`. */
  readonly owner: string;
}

/**
 * The generated HiveMQPlatform class, with the embedded StatefulSet and Service specs added after its typed conversion:
 * they are rendered by the same Kubernetes renderers as plain mode (wire format), which the generated converters would
 * otherwise drop field by field.
 */
export class HiveMQPlatformResource extends HiveMqPlatform {
  constructor(scope: Construct, id: string, props: HiveMqPlatformProps, private readonly embedded: PlatformEmbedding) {
    super(scope, id, props);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an override keeps the signature of cdk8s ApiObject.toJson(): any
  public override toJson(): any {
    const json = jsonObject(super.toJson());
    const services = this.embedded.services();
    const spec = { ...jsonObject(json.spec), statefulSet: this.embedded.statefulSet(), ...(services.length ? { services } : {}) };
    const platform = { ...json, spec };
    const problems = this.embedded.check(platform);
    if (problems.length) {
      throw inputError(`${this.embedded.owner}: the HiveMQPlatform would fail in the operator: ${problems.join('; ')}. `
        + 'Adjust the props (or the patches) that produce it.');
    }
    return platform;
  }
}

/** The object in a cdk8s JSON value, which cdk8s types as `any`; nothing (an empty object) when there is none. */
function jsonObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
}
