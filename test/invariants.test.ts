// Property-based tests: for any valid props, the output keeps the invariants users rely on.
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { HiveMQClusterProps, MqttListener, Placement, StorageProfile } from '../lib';
import { Manifest, synthCluster, validateConfigXml, validateKubernetes } from './util';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// Built once: arbitraries created inside .chain() would be rebuilt (regexes compiled) for every sample.
const base = fc.record({
  name: fc.stringMatching(/^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$/),
  replicas: fc.integer({ min: 1, max: 9 }),
  cpu: fc.integer({ min: 4, max: 32 }).map((c) => Cpu.units(c)),
  memory: fc.integer({ min: 4, max: 63 }).map((g) => Size.gibibytes(g)),
  storage: fc.oneof(
    fc.integer({ min: 1, max: 50 }).map((g) => StorageProfile.ephemeral({ sizeLimit: Size.gibibytes(g) })),
    fc.integer({ min: 100, max: 2000 }).map((g) => StorageProfile.persistent({ size: Size.gibibytes(g) })),
  ),
  listeners: fc.uniqueArray(fc.integer({ min: 1024, max: 6999 }), { minLength: 1, maxLength: 3 })
    .map((ports) => ports.map((port, i) => (i % 2 ? MqttListener.websocket({ port, name: `ws${i}` }) : MqttListener.tcp({ port,
      name: `mqtt${i}` })))),
  mqttMaxKeepAlive: fc.integer({ min: 1, max: 65535 }).map((s) => Duration.seconds(s)),
  tcpKeepAlive: fc.oneof(
    fc.constant({ enabled: false }),
    fc.record({ time: fc.integer({ min: 1, max: 32767 }), interval: fc.integer({ min: 1, max: 32767 }), probes: fc.integer({ min: 1, max: 127 }) })
      .map((t) => ({ time: Duration.seconds(t.time), interval: Duration.seconds(t.interval), probes: t.probes })),
  ),
  labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 3 }),
  nodeSelector: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{1,10}$/), { maxKeys: 2 }),
  tolerations: fc.array(fc.record({ key: fc.stringMatching(/^[a-z]{1,8}$/), operator: fc.constant('Exists'), effect: fc.constantFrom('NoSchedule',
    'NoExecute') }),
  { maxLength: 2 }),
  imagePullSecrets: fc.array(fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/), { maxLength: 2 }),
  antiAffinity: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED, Placement.NONE),
  zoneSpread: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED, Placement.NONE),
}, { requiredKeys: ['replicas'] });
// Mark a cluster non-production exactly when it cannot keep a copy through one broker failure (the rule is tested elsewhere).
const propsArb: fc.Arbitrary<HiveMQClusterProps> = base.chain((p) => fc.integer({ min: 1, max: p.replicas })
  .map((replication) => ({ ...p, replication, nonProduction: replication < 2 || p.replicas < replication + 1 })));

function podLabels(manifests: Manifest[]): Record<string, string> {
  return manifests.find((m) => m.kind === 'StatefulSet')!.spec.template.metadata.labels;
}

describe('invariants for any valid props', () => {
  test('names are DNS-1123 labels, selectors match the pods, every Service targetPort exists on the broker, objects are valid', () => {
    fc.assert(fc.property(propsArb, (p) => {
      const { manifests } = synthCluster(p);
      const labels = podLabels(manifests);
      const sts = manifests.find((m) => m.kind === 'StatefulSet')!;
      const ports = sts.spec.template.spec.containers[0].ports as Array<{ name: string; containerPort: number }>;
      for (const m of manifests) {
        expect(m.metadata.name).toMatch(DNS1123_LABEL);
        expect(m.metadata.name.length).toBeLessThanOrEqual(63);
        const selector = m.spec?.selector?.matchLabels ?? (m.kind === 'Service' ? m.spec.selector : undefined);
        if (selector) for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
        if (m.kind === 'Service') {
          for (const sp of m.spec.ports) expect(ports.some((cp) => cp.name === sp.targetPort || cp.containerPort === sp.targetPort)).toBe(true);
        }
      }
      // Pod hostnames <name>-<ordinal> stay within a DNS label.
      expect(`${sts.metadata.name}-${(p.replicas ?? 3) - 1}`.length).toBeLessThanOrEqual(63);
      validateKubernetes(manifests);
    }), { numRuns: 150 });
  }, 30_000);

  test('config.xml is well-formed and CE-schema valid for any valid props', async () => {
    const configs = fc.sample(propsArb, { numRuns: 200, seed: 42 }).map((p) => synthCluster(p).cluster.configXml);
    await validateConfigXml(...configs);
  }, 30_000);
});
