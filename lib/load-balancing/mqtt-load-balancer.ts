import { k8s } from 'cdk8s-plus-28';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import { HiveMQCluster } from '../cluster/hivemq-cluster';
import { LB_PROPS, LoadBalancerModel, providerOptionsElsewhere, resolveLoadBalancer } from './resolve-load-balancer';
import { checkChartNamespace, ObjectRegistry } from '../validation/object-registry';
import { Validator } from '../validation/validator';
import { MqttLoadBalancerProps } from './mqtt-load-balancer-props';

/**
 * A Service of type LoadBalancer in front of a HiveMQCluster's MQTT listeners, with the provider's annotations, a traffic
 * policy checked against the brokers' placement, and the cluster's keep-alives fitted below the load balancer's idle timeout.
 */
export class MqttLoadBalancer extends Construct {
  /** The Service of type LoadBalancer (plain mode; in operator mode it is an entry of the HiveMQPlatform's `spec.services`). */
  public readonly service?: k8s.KubeService;
  /** What was resolved from the props and the cluster. @internal */
  public readonly _model: LoadBalancerModel;

  constructor(scope: Construct, id: string, props: MqttLoadBalancerProps) {
    super(scope, id);
    const v = new Validator('MqttLoadBalancer', id);
    if (props === null || typeof props !== 'object') v.fail('props', 'must be an object', props, 'Pass { cluster, provider }.');
    // Provider options given to the load balancer itself would be ignored: say which factory takes them.
    v.keys('', props, LB_PROPS, providerOptionsElsewhere());
    if (!HiveMQCluster.isHiveMQCluster(props.cluster)) v.fail('cluster', 'must be a HiveMQCluster', props.cluster, 'Pass the cluster construct.');
    const namespace = checkChartNamespace(this);
    const cluster = props.cluster._model;
    const m = this._model = resolveLoadBalancer(id, props, cluster);
    const clusterNamespace = Chart.of(props.cluster).namespace;
    if (namespace !== clusterNamespace) {
      v.failRule(`its chart's namespace (${Chart.of(this).namespace ?? 'none'}) differs from HiveMQCluster '${cluster.id}''s `
        + `(${clusterNamespace ?? 'none'}); a Service only selects pods in its own namespace. Create the load balancer in the cluster's chart.`);
    }
    // Registered before the cluster learns of the load balancer: a refused one leaves the cluster as it was.
    const operator = cluster.mode.kind === DeploymentModeKind.OPERATOR;
    ObjectRegistry.of(this).claim(this, { construct: 'MqttLoadBalancer', id }, [{
      group: '', kind: 'Service', name: m.name, namespace, path: `${this.node.path}/Service`,
      what: operator ? `its Service, an entry of HiveMQPlatform '${cluster.metadata.name}' spec.services` : 'its Service',
      from: props.name === undefined ? { prop: 'name (default: <cluster name>-<construct id>)', value: m.name } : undefined,
    }]);
    props.cluster.addIdleTimeout(`MqttLoadBalancer '${id}'`, Duration.seconds(m.idleTimeoutSeconds));
    if (m.checksHealthApi) props.cluster.allowHealthChecksFromLoadBalancers();

    // No annotations key at all without annotations: the HiveMQPlatform CRD refuses `annotations: null` in spec.services.
    const metadata = { name: m.name, labels: m.labels, ...(Object.keys(m.annotations).length ? { annotations: m.annotations } : {}) };
    const spec: k8s.ServiceSpec = {
      type: 'LoadBalancer',
      externalTrafficPolicy: m.externalTrafficPolicy,
      // targetPort names the container port, so a Service port moved by `ports` still reaches the listener.
      ports: m.listeners.map((l, i) => ({ name: l.name, port: m.servicePorts[i], targetPort: k8s.IntOrString.fromString(l.name), protocol: 'TCP' })),
      loadBalancerSourceRanges: m.sourceRanges,
      loadBalancerClass: m.loadBalancerClass,
      loadBalancerIp: m.loadBalancerIp,
    };
    this.service = props.cluster.addService(this, 'Service', { metadata, spec });
  }
}
