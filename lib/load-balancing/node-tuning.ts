import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HiveMQCluster } from '../cluster/hivemq-cluster';
import { IHiveMQCluster } from '../cluster/hivemq-cluster-interface';
import { checkChartNamespace, ObjectRegistry } from '../validation/object-registry';
import { Validator } from '../validation/validator';
import { BUSYBOX_IMAGE } from '../cluster/default-images';

const PROPS = ['cluster', 'onlyBrokerNodes', 'conntrackMax', 'conntrackTcpTimeoutEstablished', 'reapplyInterval', 'image', 'name'];
/** Keys users reach for here that belong elsewhere. */
const ELSEWHERE: Record<string, string> = {
  tcpKeepAlive: 'HiveMQClusterProps (TCP keep-alive is per pod network namespace, not per node)',
  nodeSelector: 'HiveMQClusterProps (set onlyBrokerNodes: true to follow it)',
  tolerations: 'HiveMQClusterProps (set onlyBrokerNodes: true to follow them)',
  idleTimeout: 'the load balancer\'s provider options; the node\'s own idle timeout is conntrackTcpTimeoutEstablished',
};

/** Props of `NodeTuning`. */
export interface NodeTuningProps {
  /** The cluster whose connections pass through the nodes (names the DaemonSet, checks the timeout against its keep-alive). */
  readonly cluster: IHiveMQCluster;
  /**
   * Tune only the nodes the brokers may run on (the cluster's nodeSelector and tolerations). Right for AWS IP targets;
   * with `TrafficPolicy.CLUSTER`, NodePorts or MetalLB every node that receives traffic NATs it and needs the room.
   * @default false - every node (tolerating every taint)
   */
  readonly onlyBrokerNodes?: boolean;
  /**
   * `net.netfilter.nf_conntrack_max` of the node: the size of the connection-tracking table that every NAT'ed connection
   * (NodePort, `externalTrafficPolicy: Cluster`) takes a slot in. kube-proxy sets max(32768 × cores, 131072) by default.
   */
  readonly conntrackMax: number;
  /**
   * `net.netfilter.nf_conntrack_tcp_timeout_established`: how long an idle established connection keeps its slot. An
   * idle timeout like a load balancer's: keep-alives the cluster leaves unset are lowered below it (10 % margin), ones set
   * explicitly above it are an error.
   * @default - left as it is (kube-proxy sets 24 h by default)
   */
  readonly conntrackTcpTimeoutEstablished?: Duration;
  /**
   * How often the values are written again (kube-proxy may rewrite them when it restarts).
   * @default Duration.minutes(5)
   */
  readonly reapplyInterval?: Duration;
  /**
   * Image with `sh` and `sysctl`.
   * @default 'busybox:1.37.0' - docker-library/busybox versions.json
   */
  readonly image?: string;
  /**
   * DaemonSet name.
   * @default - `<cluster name>-node-tuning`
   */
  readonly name?: string;
}

/**
 * OUTSIDE POD SECURITY "RESTRICTED": a privileged DaemonSet on the host network that sets node-level connection-tracking
 * sysctls for very large connection counts. Opt-in; put it in a namespace labelled
 * `pod-security.kubernetes.io/enforce: privileged`.
 *
 * It cannot set TCP keep-alive for the brokers: `net.ipv4.tcp_keepalive_*` are per network namespace, and a new pod
 * namespace starts from the kernel defaults (7200/75/9, linux `net/ipv4/tcp_ipv4.c` `tcp_sk_init`), not from the node's.
 * On Kubernetes < 1.29 allow them with the kubelet flag `--allowed-unsafe-sysctls` and keep `tcpKeepAlive` on instead.
 */
export class NodeTuning extends Construct {
  /** The privileged DaemonSet that sets the node sysctls. */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeTuningProps) {
    super(scope, id);
    const tuning = resolveNodeTuning(new Validator('NodeTuning', id), props);
    const namespace = checkChartNamespace(this);
    // Registered before the cluster learns of the tuning: a refused one leaves the cluster as it was.
    ObjectRegistry.of(this).claim(this, { construct: 'NodeTuning', id }, [{
      group: 'apps', kind: 'DaemonSet', name: tuning.name, namespace, what: 'its DaemonSet', path: `${this.node.path}/DaemonSet`,
    }]);
    // Conntrack forgets a NAT'ed connection idle longer than this: an idle timeout like a load balancer's, which unset
    // keep-alives are lowered to fit and explicit ones must already fit.
    if (tuning.establishedSeconds !== undefined) {
      props.cluster.addIdleTimeout(`NodeTuning '${id}'`, Duration.seconds(tuning.establishedSeconds));
    }
    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', renderNodeTuningDaemonSet(tuning, props.cluster));
  }
}

/** NodeTuningProps, validated and defaulted. */
interface NodeTuningModel {
  readonly name: string;
  readonly onlyBrokerNodes: boolean;
  readonly conntrackMax: number;
  readonly reapplyIntervalSeconds: number;
  readonly establishedSeconds?: number;
  readonly image: string;
}

function resolveNodeTuning(v: Validator, props: NodeTuningProps): NodeTuningModel {
  if (props === null || typeof props !== 'object') v.fail('props', 'must be an object', props, 'Pass { cluster, conntrackMax }.');
  v.keys('', props, PROPS, ELSEWHERE);
  if (!HiveMQCluster.isHiveMQCluster(props.cluster)) v.fail('cluster', 'must be a HiveMQCluster', props.cluster, 'Pass the cluster construct.');
  const name = props.name !== undefined ? v.dns1035Label('name', props.name) : defaultName(v, props.cluster.clusterName);
  const onlyBrokerNodes = v.boolean('onlyBrokerNodes', props.onlyBrokerNodes, false);
  const conntrackMax = v.integer('conntrackMax', props.conntrackMax, 65_536, 2 ** 31 - 1);
  const reapplyIntervalSeconds = v.seconds('reapplyInterval', props.reapplyInterval ?? Duration.minutes(5), 10, 86400);
  const establishedSeconds = props.conntrackTcpTimeoutEstablished === undefined
    ? undefined : v.seconds('conntrackTcpTimeoutEstablished', props.conntrackTcpTimeoutEstablished, 60, 432000);
  const image = v.image('image', props.image ?? BUSYBOX_IMAGE, `Use e.g. '${BUSYBOX_IMAGE}'.`);
  if (!/(:[^/]+|@sha256:[a-f0-9]{64})$/.test(image)) {
    v.fail('image', 'must pin a version with a tag or digest: without one the runtime pulls \'latest\', which moves', image,
      `Use e.g. '${BUSYBOX_IMAGE}'.`);
  }
  return { name, onlyBrokerNodes, conntrackMax, reapplyIntervalSeconds, establishedSeconds, image };
}

/** The privileged DaemonSet that writes the conntrack sysctls on every node (or the brokers' nodes) and re-applies them. */
function renderNodeTuningDaemonSet(tuning: NodeTuningModel, cluster: IHiveMQCluster): k8s.KubeDaemonSetProps {
  const settings = [
    `net.netfilter.nf_conntrack_max=${tuning.conntrackMax}`,
    ...(tuning.establishedSeconds ? [`net.netfilter.nf_conntrack_tcp_timeout_established=${tuning.establishedSeconds}`] : []),
  ];
  const selectorLabels = { 'app.kubernetes.io/name': 'hivemq-node-tuning', 'app.kubernetes.io/instance': tuning.name };
  const labels = { ...selectorLabels, 'app.kubernetes.io/part-of': cluster.clusterName, 'app.kubernetes.io/managed-by': 'cdk8s-hivemq' };
  const resources = { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') };
  const onBrokerNodes = tuning.onlyBrokerNodes;
  const loop = `set -eu; while true; do for s in $SETTINGS; do sysctl -w "$s"; done; sleep ${tuning.reapplyIntervalSeconds}; done`;
  return {
    metadata: { name: tuning.name, labels },
    spec: {
      selector: { matchLabels: selectorLabels },
      template: {
        metadata: { labels },
        spec: {
          // nf_conntrack_* are written in the node's (initial) network namespace.
          hostNetwork: true,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          nodeSelector: onBrokerNodes && Object.keys(cluster.nodeSelector).length ? { ...cluster.nodeSelector } : undefined,
          tolerations: onBrokerNodes ? (cluster.tolerations.length ? [...cluster.tolerations] : undefined) : [{ operator: 'Exists' }],
          containers: [{
            name: 'sysctl',
            image: tuning.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['/bin/sh', '-c', loop],
            env: [{ name: 'SETTINGS', value: settings.join(' ') }],
            resources: { requests: resources, limits: resources },
            securityContext: { privileged: true, runAsUser: 0, readOnlyRootFilesystem: true },
          }],
        },
      },
    },
  };
}

/** `<cluster name>-node-tuning`, refused with the length the cluster name may have when it is too long. */
function defaultName(v: Validator, clusterName: string): string {
  const name = `${clusterName}-node-tuning`;
  if (name.length > 63) {
    const fix = `Pass a name of at most 63 characters (the cluster name would have to be at most ${63 - '-node-tuning'.length}).`;
    v.fail('name', `is unset, and its default '<cluster name>-node-tuning' is ${name.length} characters, over the 63 its label `
      + '\'app.kubernetes.io/instance\' allows', name, fix);
  }
  return name;
}
