// A single-broker HiveMQ for a laptop cluster (kind, minikube, k3d): ephemeral storage, small resources.
//
// The Java twin of examples/dev.ts; both synthesize byte-identical YAML (test/java.test.ts).
// Usage: java examples.Dev [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
package examples;

import cdk8shivemq.HiveMQCluster;
import cdk8shivemq.Placement;
import cdk8shivemq.StorageProfile;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.Size;
import org.cdk8s.plus28.Cpu;

public final class Dev {
    private Dev() {
    }

    public static Chart devChart(final App app) {
        Chart chart = Chart.Builder.create(app, "dev").namespace("mqtt-dev").build();
        HiveMQCluster.Builder.create(chart, "dev")
                .replicas(1)
                .storage(StorageProfile.ephemeral())
                .nonProduction(true)
                .cpu(Cpu.units(1))
                .memory(Size.gibibytes(2))
                .zoneSpread(Placement.NONE)
                .build();
        return chart;
    }

    public static void main(final String[] args) {
        App app = args.length > 0 ? App.Builder.create().outdir(args[0]).build() : new App();
        devChart(app);
        app.synth();
    }
}
