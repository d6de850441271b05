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

const app = new App();
devChart(app);
productionChart(app);
secureProductionChart(app);
awsChart(app);
azureChart(app);
gkeChart(app);
onPremChart(app);
operatorChart(app);
app.synth();
