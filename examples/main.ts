// The app `cdk8s synth` runs (see cdk8s.yaml): one YAML file per example chart in dist/manifests.
import { App } from 'cdk8s';
import { awsChart } from './aws';
import { azureChart } from './azure';
import { devChart } from './dev';
import { gkeChart } from './gke';
import { onPremChart } from './on-prem';
import { operatorChart } from './operator';
import { productionChart } from './production';
import { secureProductionChart } from './secure-production';

/**
 * Synthesizes every example into `outdir` (cdk8s' default, or CDK8S_OUTDIR as `cdk8s synth` sets it). The examples are
 * alternatives, several with a cluster 'broker' in namespace 'iot': in one App they would overwrite each other's objects,
 * which the library refuses. One App each, all writing into the same output directory.
 */
export function synthExamples(outdir?: string): void {
  for (const build of [devChart, productionChart, secureProductionChart, awsChart, azureChart, gkeChart, onPremChart, operatorChart]) {
    const app = new App(outdir ? { outdir } : {});
    build(app);
    app.synth();
  }
}

if (require.main === module) synthExamples();
