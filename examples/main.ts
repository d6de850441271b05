// The app `cdk8s synth` runs (see cdk8s.yaml): one YAML file per example chart in dist/manifests.
import { App } from 'cdk8s';
import { devChart } from './dev';
import { productionChart } from './production';

const app = new App();
devChart(app);
productionChart(app);
app.synth();
