import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as crd from '../crds/hivemq-platform-crd.json';
import { ObjectRegistry } from '../validation/object-registry';
import { protectionAnnotations } from './operator-renderer';

/**
 * OPT-IN: the `hivemq-platforms.hivemq.com` CustomResourceDefinition, for teams that keep CRDs in Git. Normally the HiveMQ
 * Platform Operator installs and upgrades its CRD itself (`crd.apply`), and this library does not emit it.
 *
 * Deleting this CRD deletes every HiveMQPlatform in the cluster, and with them every broker. So it is written create-only
 * and protected (Argo CD sync-options, Flux kustomizations, kapp apply docs): Argo CD never prunes or deletes it and applies it server-side
 * (sharing fields with the operator), Flux applies it only if absent and never prunes it, kapp never updates or deletes it,
 * Helm keeps it. The schema is hivemq/helm-charts `charts/hivemq-platform-operator/crds/hivemq-platforms.hivemq.com-v1.yml`
 * at 1d2011f (as JSON, unmodified; Apache-2.0).
 */
export class HiveMQPlatformCrd extends Construct {
  /** The CustomResourceDefinition. */
  public readonly crd: ApiObject;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const source = (crd as { default?: unknown }).default ?? crd;
    const { apiVersion, kind, metadata, spec } = source as { apiVersion: string; kind: string; metadata: { name: string }; spec: unknown };
    this.crd = new ApiObject(this, 'Resource', {
      apiVersion,
      kind,
      metadata: {
        name: metadata.name,
        annotations: {
          ...protectionAnnotations(-10, ['ServerSideApply=true']),
          // create-only: Flux applies it only if absent, kapp never updates it
          'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent',
          'kapp.k14s.io/update-strategy': 'skip',
        },
      },
      spec,
    });
    // Cluster-scoped: no namespace, whatever the chart's.
    if (Chart.of(this).namespace) this.crd.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    ObjectRegistry.of(this).claim(this, { construct: 'HiveMQPlatformCrd', id }, [{
      group: 'apiextensions.k8s.io', kind, name: metadata.name, clusterScoped: true, what: 'its CustomResourceDefinition', path: this.crd.node.path,
    }]);
  }
}
