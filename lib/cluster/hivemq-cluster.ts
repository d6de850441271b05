import { createHash } from 'crypto';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Certificate } from '../../imports/cert-manager.io';
import { PrometheusRule } from '../../imports/prometheusrule-monitoring.coreos.com';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { ClusterContributions } from './cluster-contributions';
import { DeploymentModeKind } from './deployment-mode';
import { HiveMQClusterProps } from './hivemq-cluster-props';
import { IHiveMQCluster, ListenerDescription } from './hivemq-cluster-interface';
import { Placement } from './placement';
import type { ClusterModel } from '../model/cluster-model';
import { resolveCluster } from '../model/resolve-cluster';
import { renderDashboardConfigMap } from '../monitoring/dashboard';
import { renderPrometheusRule } from '../monitoring/prometheus-rule';
import { renderServiceMonitor } from '../monitoring/service-monitor';
import { HiveMQPlatformResource } from '../operator/hivemq-platform-resource';
import { checkPlatform, PlatformDocument } from '../operator/operator-renderer';
import { renderEmbeddedServices, renderEmbeddedStatefulSet, renderPlatform } from '../operator/platform';
import { renderCertificates } from '../render/certificates';
import { renderConfigData, renderConfigMap } from '../render/config-map';
import { configXmlFacts, renderConfigXml } from '../render/config-xml';
import { renderNetworkPolicy, renderNetworkPolicyObject } from '../render/network-policy';
import { isOperatorMode, podSelector } from '../render/object-metadata';
import { renderHorizontalPodAutoscaler } from '../render/horizontal-pod-autoscaler';
import { checkPodCustomization } from '../render/pod-customization';
import { renderPodDisruptionBudget } from '../render/pod-disruption-budget';
import { renderPodTemplate, tlsEndpoints, VOLUMES } from '../render/pod-template';
import { renderBrokerService, renderEndpointServices, renderHeadlessService, renderServiceAccount } from '../render/services';
import { renderStatefulSet } from '../render/stateful-set';
import { StorageKind } from '../storage/storage-profile';
import { checkChartNamespace, ObjectClaim, ObjectRegistry } from '../validation/object-registry';
import { inputError } from '../validation/input-error';

const IS_HIVEMQ_CLUSTER = Symbol.for('cdk8s-hivemq.HiveMQCluster');

/**
 * A clustered HiveMQ broker on plain Kubernetes: a StatefulSet with a headless Service for DNS discovery, a ConfigMap with
 * `config.xml`, a ClusterIP Service for in-cluster clients, a PodDisruptionBudget and a ServiceAccount.
 */
export class HiveMQCluster extends Construct implements IHiveMQCluster {
  /** The StatefulSet (plain mode). */
  public readonly statefulSet?: k8s.KubeStatefulSet;
  /** Headless Service (`<name>-cluster`): StatefulSet identity and cluster discovery (plain mode). */
  public readonly headlessService?: k8s.KubeService;
  /** The HiveMQPlatform custom resource (operator mode), as an `ApiObject` like every imported custom resource here. */
  public readonly platform?: ApiObject;
  /** ClusterIP Service (`<name>`) on the MQTT listeners without PROXY protocol, for clients inside the Kubernetes cluster. */
  public readonly service?: k8s.KubeService;
  /** The ConfigMap with `config.xml` (`<name>-config`); its content hash rolls the brokers when it changes. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The PodDisruptionBudget that lets one broker at a time be evicted. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** The pods' ServiceAccount (plain mode; the operator creates its own). */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** ClusterIP Service on the Control Center (`<name>-control-center`, sticky by client IP), when enabled. */
  public readonly controlCenterService?: k8s.KubeService;
  /** ClusterIP Service on the REST API (`<name>-rest-api`), when enabled. */
  public readonly restApiService?: k8s.KubeService;
  /** ClusterIP Service on the metrics port (`<name>-metrics`), when monitoring is on. */
  public readonly metricsService?: k8s.KubeService;
  /** prometheus-operator ServiceMonitor, when requested. */
  public readonly serviceMonitor?: ApiObject;
  /** cert-manager Certificates of the TLS endpoints whose keystores cert-manager issues, by endpoint name. */
  public readonly certificates: Record<string, ApiObject> = {};
  /** ConfigMap with the cluster's Grafana dashboard, when requested. */
  public readonly grafanaDashboard?: k8s.KubeConfigMap;
  /** prometheus-operator PrometheusRule with the cluster's alerts, when requested. */
  public readonly prometheusRule?: ApiObject;
  /** The NetworkPolicy, unless switched off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The HorizontalPodAutoscaler of the StatefulSet, with autoscaling. */
  public readonly horizontalPodAutoscaler?: k8s.KubeHorizontalPodAutoscalerV2;

  /**
   * The model resolved from the props alone, before contributions; what dependents read.
   * @internal
   */
  public readonly _model: ClusterModel;
  /** What load balancers and node tuning add; resolved once, at synthesis, into the final model. */
  private readonly contributions: ClusterContributions;

  /** Whether `x` is a HiveMQCluster (also one from another copy of this library). */
  public static isHiveMQCluster(x: unknown): x is HiveMQCluster {
    return x !== null && typeof x === 'object' && IS_HIVEMQ_CLUSTER in x;
  }

  constructor(scope: Construct, id: string, props: HiveMQClusterProps = {}) {
    super(scope, id);
    Object.defineProperty(this, IS_HIVEMQ_CLUSTER, { value: true });
    const model = this._model = resolveCluster(id, props, checkChartNamespace(this));
    checkPodCustomization(model);
    this.contributions = new ClusterContributions(model);
    // Rendered at synthesis: load balancers added later may still lower derived keep-alives.
    const configData = atSynthesis(() => renderConfigData(this.finalModel()));
    this.configMap = new k8s.KubeConfigMap(this, 'Config', renderConfigMap(model, configData));
    const services = new Map(renderEndpointServices(model)
      .map(({ id: serviceId, service }) => [serviceId, this.addService(this, serviceId, service)]));
    this.service = services.get('Service');
    this.controlCenterService = services.get('ControlCenterService');
    this.restApiService = services.get('RestApiService');
    this.metricsService = services.get('MetricsService');
    if (isOperatorMode(model)) {
      this.platform = new HiveMQPlatformResource(this, 'Platform', renderPlatform(model), {
        statefulSet: () => renderEmbeddedStatefulSet(model, renderPodTemplate(this.finalModel())),
        services: () => renderEmbeddedServices(this.contributions.platformServices),
        // The finished custom resource is the wire format of PlatformDocument's fields.
        check: (platform) => checkPlatform(platform as PlatformDocument, configXmlFacts(this.finalModel())),
        owner: `HiveMQCluster '${id}'`,
      });
    } else {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', renderServiceAccount(model));
      this.headlessService = new k8s.KubeService(this, 'HeadlessService', renderHeadlessService(model));
      const template = atSynthesis(() => renderPodTemplate(this.finalModel(), { configHash: this.configHash() }));
      this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', renderStatefulSet(model, template));
      const autoscaler = renderHorizontalPodAutoscaler(model);
      if (autoscaler) this.horizontalPodAutoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', autoscaler);
    }
    const serviceMonitor = renderServiceMonitor(model);
    if (serviceMonitor) this.serviceMonitor = new ServiceMonitor(this, 'ServiceMonitor', serviceMonitor);
    for (const certificate of renderCertificates(model)) {
      this.certificates[certificate.endpoint] = new Certificate(this, `Certificate-${certificate.endpoint}`, certificate.props);
    }
    const dashboard = renderDashboardConfigMap(model);
    if (dashboard) this.grafanaDashboard = new k8s.KubeConfigMap(this, 'GrafanaDashboard', dashboard);
    const prometheusRule = renderPrometheusRule(model);
    if (prometheusRule) this.prometheusRule = new PrometheusRule(this, 'PrometheusRule', prometheusRule);
    if (model.networkPolicy) {
      // Rendered at synthesis: load balancers added later may need the health API.
      const spec = atSynthesis(() => renderNetworkPolicy(this.finalModel(), {
        healthApiFromAnywhere: this.contributions.healthApiOpen, podSelector: podSelector(model).matchLabels,
      }));
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', renderNetworkPolicyObject(model, spec));
    }
    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', renderPodDisruptionBudget(model));
    // Last, when every name is known: all of them or none enter the App's registry.
    const nameProp = props.name === undefined ? 'name (default: the construct id)' : 'name';
    ObjectRegistry.of(this).claim(this, { construct: 'HiveMQCluster', id }, this.objectClaims(nameProp));
  }

  /**
   * Every object this cluster writes, and every object written because of it: the PVCs of its claim templates (one per
   * pod), the Secrets cert-manager writes, and in operator mode what the HiveMQ Platform Operator derives from the CR.
   */
  private objectClaims(nameProp: string): ObjectClaim[] {
    const m = this._model;
    const id = m.id;
    const namespace = m.namespace;
    const from = { prop: nameProp, value: m.metadata.name };
    const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
    const byOperator = `the HiveMQ Platform Operator for HiveMQCluster '${id}'`;
    const role = (childId: string) => OBJECT_ROLES[childId] ?? childId.replace(/^Certificate-(.*)$/, 'Certificate for $1');
    const claims: ObjectClaim[] = ObjectRegistry.written(this, (childId) => `its ${role(childId)}`)
      .map((c) => (c.name.startsWith(m.metadata.name) ? { ...c, from } : c));
    const statefulSet = m.metadata.names.statefulSet;
    if (operator) {
      // The operator names the StatefulSet after the platform, and adds the cluster Service and the pods' ServiceAccount.
      claims.push(
        {
          group: 'apps', kind: 'StatefulSet', name: statefulSet, namespace, by: byOperator, from,
          what: 'the StatefulSet it creates from the HiveMQPlatform',
        },
        {
          group: '', kind: 'Service', name: `hivemq-${m.metadata.name}-cluster`, namespace, by: byOperator, from,
          what: 'the cluster Service it creates',
        },
        {
          group: '', kind: 'ServiceAccount', name: `hivemq-platform-pod-${m.metadata.name}`, namespace, by: byOperator, from,
          what: 'the pods\' ServiceAccount it creates',
        },
        ...this.contributions.platformServices.map((svc) => ({
          group: '', kind: 'Service', name: svc.metadata.name!, namespace, from,
          what: `its Service entry '${svc.metadata.name}' of HiveMQPlatform '${m.metadata.name}' spec.services`,
        })),
      );
    }
    if (m.storage.kind === StorageKind.PERSISTENT) {
      // The StatefulSet controller names each pod's claim <template>-<statefulset>-<ordinal>; in operator mode the surge pod
      // of a rolling restart takes ordinal <replicas>; with an autoscaler, every pod up to maxReplicas has one.
      const ordinals = (m.autoscaling?.maxReplicas ?? m.resources.replicas) + (operator ? 1 : 0);
      for (let ordinal = 0; ordinal < ordinals; ordinal++) {
        claims.push({
          group: '', kind: 'PersistentVolumeClaim', name: `${VOLUMES.data}-${statefulSet}-${ordinal}`, namespace, from,
          what: `the PVC of pod ${statefulSet}-${ordinal} from claim template '${VOLUMES.data}'`,
        });
      }
    }
    for (const { name: endpoint, tls } of tlsEndpoints(m)) {
      if (!tls.certificate) continue;
      claims.push({
        group: '', kind: 'Secret', name: tls.certificate.secretName, namespace,
        what: `the Secret cert-manager writes for its Certificate '${tls.certificate.name}' of ${endpoint} (spec.secretName)`,
      });
    }
    return claims;
  }

  /** Base name of every object of the cluster. */
  public get clusterName(): string {
    return this._model.metadata.name;
  }

  /** Plain manifests or a HiveMQPlatform for the HiveMQ Platform Operator. */
  public get deploymentMode(): DeploymentModeKind {
    return this._model.mode.kind;
  }

  /** The MQTT listeners, in the order of the props. */
  public get listeners(): ListenerDescription[] {
    return this._model.endpoints.listeners.map((listener) => ({
      name: listener.name, port: listener.port, protocol: listener.protocol, proxyProtocol: listener.proxyProtocol, tls: listener.tls !== undefined,
    }));
  }

  /** Port of the health API. */
  public get healthPort(): number {
    return this._model.endpoints.healthPort;
  }

  /** How the brokers spread over nodes. */
  public get antiAffinity(): Placement {
    return this._model.placement.antiAffinity;
  }

  /** The brokers' node selector (empty when unset). */
  public get nodeSelector(): Record<string, string> {
    return { ...this._model.placement.nodeSelector };
  }

  /** The brokers' tolerations (empty when unset). */
  public get tolerations(): k8s.Toleration[] {
    return [...this._model.placement.tolerations];
  }

  /**
   * Adds a Service that selects the brokers (the caller registers its name): in plain mode a Service object in `scope`, in
   * operator mode an entry of the HiveMQPlatform's `spec.services` (the operator creates it and fills in the selector).
   */
  public addService(scope: Construct, id: string, props: k8s.KubeServiceProps): k8s.KubeService | undefined {
    const name = props.metadata?.name;
    if (!name) {
      throw inputError(`HiveMQCluster '${this._model.id}': the Service '${id}' added to it needs metadata.name `
        + `(got ${JSON.stringify(name)}). Name it.`);
    }
    const service = { metadata: { ...props.metadata, name }, spec: props.spec ?? {} };
    if (isOperatorMode(this._model)) {
      this.contributions.addPlatformService(service);
      return undefined;
    }
    return new k8s.KubeService(scope, id, renderBrokerService(this._model, service));
  }

  /** Opens the health API to sources outside the namespace (a load balancer that health-checks the brokers directly). */
  public allowHealthChecksFromLoadBalancers(): void {
    this.contributions.openHealthApi();
  }

  /**
   * Registers the idle timeout of a load balancer (or the nodes' conntrack) in front of this cluster. Keep-alives the user
   * left unset are lowered to fit; ones the user set, or switched off, that cannot fit are an error naming both values.
   */
  public addIdleTimeout(by: string, idleTimeout: Duration): void {
    this.contributions.addIdleTimeout({ by, seconds: idleTimeout.toSeconds() });
  }

  /** The generated `config.xml`, from the final model (reading it closes the cluster to further contributions). */
  public get configXml(): string {
    return renderConfigXml(this.finalModel());
  }

  /**
   * The final model every object is rendered from: every default applied, keep-alives fitted to the load balancers.
   * Resolved once, at first use (synthesis).
   * @internal
   */
  public _finalModel(): ClusterModel {
    return this.finalModel();
  }

  private finalModel(): ClusterModel {
    return this.contributions.resolve();
  }

  /** Every file of the ConfigMap counts: subPath mounts never see updates, so any change must roll the brokers. */
  private configHash(): string {
    return createHash('sha256').update(JSON.stringify(renderConfigData(this.finalModel()))).digest('hex');
  }
}

/** How a message names the cluster's objects, by construct id. */
const OBJECT_ROLES: Record<string, string> = {
  Config: 'config ConfigMap', Service: 'MQTT Service', ControlCenterService: 'Control Center Service', RestApiService: 'REST API Service',
  MetricsService: 'metrics Service', HeadlessService: 'headless Service', StatefulSet: 'StatefulSet', ServiceAccount: 'ServiceAccount',
  Platform: 'HiveMQPlatform', ServiceMonitor: 'ServiceMonitor', GrafanaDashboard: 'Grafana dashboard ConfigMap',
  PrometheusRule: 'alerts PrometheusRule', NetworkPolicy: 'NetworkPolicy',
  PodDisruptionBudget: 'PodDisruptionBudget', HorizontalPodAutoscaler: 'HorizontalPodAutoscaler',
};

/**
 * A placeholder that cdk8s replaces at synthesis with what `produce` returns, typed as that value: `Lazy.any()` returns
 * `any`, and the renderers it is passed to expect their own Kubernetes types.
 */
function atSynthesis<Value>(produce: () => Value): Value {
  return Lazy.any({ produce }) as Value;
}
