// Golden snapshots of the example apps. `jest --ci` fails on a missing snapshot; a changed one is reviewed and explained.
import { App, Chart, Testing } from 'cdk8s';
import { awsChart } from '../examples/aws';
import { azureChart } from '../examples/azure';
import { devChart } from '../examples/dev';
import { gkeChart } from '../examples/gke';
import { onPremChart } from '../examples/on-prem';
import { operatorChart } from '../examples/operator';
import { productionChart } from '../examples/production';
import { secureProductionChart } from '../examples/secure-production';
import { Manifest, podSecurityViolations, secretLeaks, validateConfigXml, validateKubernetes } from './util';

const examples: Array<[string, (app: App) => Chart]> = [
  ['dev', devChart], ['production', productionChart], ['secure-production', secureProductionChart], ['aws', awsChart], ['azure', azureChart], ['gke',
    gkeChart], ['on-prem', onPremChart], ['operator', operatorChart],
];

describe.each(examples)('example %s', (_name, build) => {
  // Every chart the example adds to the app (on-prem adds a second one for node tuning).
  const app = Testing.app();
  build(app);
  const manifests = app.charts.flatMap((c) => Testing.synth(c)) as Manifest[];

  test('matches its golden snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('passes Pod Security "restricted" (except the opt-in node tuning, which must be privileged) and keeps secrets out of ConfigMaps and env '
    + 'values', () => {
    const violations = podSecurityViolations(manifests);
    if (_name === 'on-prem') {
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.every((v) => v.startsWith('DaemonSet/broker-node-tuning'))).toBe(true);
    } else {
      expect(violations).toEqual([]);
    }
    expect(secretLeaks(manifests)).toEqual([]);
  });

  test('every object is valid Kubernetes and every config.xml passes the CE schema', async () => {
    validateKubernetes(manifests);
    const configs = manifests.filter((m) => m.kind === 'ConfigMap' && m.data?.['config.xml']);
    expect(configs.length).toBeGreaterThan(0);
    for (const c of configs) await validateConfigXml(c.data['config.xml']);
  });
});
