import { createHash } from 'crypto';
import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HiveMQClusterProps } from './hivemq-cluster-props';
import { HiveMqPlatform, HiveMqPlatformProps, HiveMqPlatformSpecLogLevel } from '../../imports/hivemq.com';
import { DeploymentModeKind } from './deployment-mode';
import { checkPlatform, forOperator, platformSelector, protectionAnnotations } from '../operator/operator-renderer';
import { ALLOW_ALL_FOLDER } from '../model/resolve-cluster';
import { HIVEMQ } from '../model/cluster-model';
import { Certificate, CertificateSpecKeystoresPkcs12Profile, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/cert-manager.io';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { renderDashboard } from '../monitoring/dashboard';
import { renderConfigXml, renderPrometheusProperties } from '../render/config-xml';
import { applyIdleTimeouts, checkKeepAlive, IdleTimeout } from '../load-balancing/keep-alive';
import { ClusterModel } from '../model/cluster-model';
import { quantity, resolveCluster } from '../model/resolve-cluster';
import { renderNetworkPolicy } from '../render/network-policy';
import { checkChartNamespace, ObjectClaim, ObjectRegistry } from '../validation/object-registry';
import { CONFIG_KEY, PROMETHEUS_KEY, renderPodTemplate, tlsEndpoints, VOLUMES } from '../render/pod-template';
import { StorageKind } from '../storage/storage-profile';

/**
 * A clustered HiveMQ broker on plain Kubernetes: a StatefulSet with a headless Service for DNS discovery, a ConfigMap with
 * `config.xml`, a ClusterIP Service for in-cluster clients, a PodDisruptionBudget and a ServiceAccount.
 */
export class HiveMQCluster extends Construct {
  /** The StatefulSet (plain mode). */
  public readonly statefulSet?: k8s.KubeStatefulSet;
  /** Headless Service (`<name>-cluster`): StatefulSet identity and cluster discovery (plain mode). */
  public readonly headlessService?: k8s.KubeService;
  /** The HiveMQPlatform custom resource (operator mode). */
  public readonly platform?: HiveMqPlatform;
  /** ClusterIP Service (`<name>`) on the MQTT listeners without PROXY protocol, for clients inside the Kubernetes cluster. */
  public readonly service?: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
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
  public readonly serviceMonitor?: ServiceMonitor;
  /** cert-manager Certificates of the TLS endpoints whose keystores cert-manager issues, by endpoint name. */
  public readonly certificates: Record<string, Certificate> = {};
  /** ConfigMap with the cluster's Grafana dashboard, when requested. */
  public readonly grafanaDashboard?: k8s.KubeConfigMap;
  /** prometheus-operator PrometheusRule with the cluster's alerts, when requested. */
  public readonly prometheusRule?: PrometheusRule;
  /** The NetworkPolicy, unless switched off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  /** The model resolved from the props alone, before load balancers registered their idle timeouts. */
  private readonly baseModel: ClusterModel;
  private readonly idleTimeouts: IdleTimeout[] = [];
  private healthApiOpen = false;
  /** Services of the HiveMQPlatform (operator mode). */
  private readonly platformServices: Array<{ metadata: ApiObjectMetadata; spec: k8s.ServiceSpec }> = [];

  constructor(scope: Construct, id: string, props: HiveMQClusterProps = {}) {
    super(scope, id);
    const m = this.baseModel = resolveCluster(id, props, checkChartNamespace(this));
    const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
    const meta = (name: string, annotations?: Record<string, string>): ApiObjectMetadata => ({ name, labels: { ...m.labels }, annotations });
    // In operator mode the operator labels the pods it creates with hivemq-platform: <name>.
    const podSelector = { matchLabels: operator ? platformSelector(m) : { ...m.selectorLabels } };
    const configHash = () => createHash('sha256').update(JSON.stringify(this.configData())).digest('hex');

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      // A protected workload pointing at a pruned ConfigMap breaks at its next restart: protect both or neither.
      metadata: meta(m.names.configMap, m.mode.deletionProtection ? protectionAnnotations(-1) : operator ? { 'argocd.argoproj.io/sync-wave': '-1' } : undefined),
      // Rendered at synthesis: load balancers added later may still lower derived keep-alives.
      data: Lazy.any({ produce: () => this.configData() }),
    });

    // Services on the brokers' endpoints, as plain Services or as entries of the HiveMQPlatform.
    const inClusterListeners = m.listeners.filter((l) => !l.proxyProtocol);
    const endpoints: Array<{ id: string; name: string; ports: Array<{ name: string; port: number }>; affinity?: string; component?: string }> = [
      ...(inClusterListeners.length ? [{ id: 'Service', name: m.names.service, ports: inClusterListeners.map((l) => ({ name: l.name, port: l.port })) }] : []),
      // The Control Center keeps its session on one broker (HiveMQ's chart defaults it to ClientIP affinity).
      ...(m.controlCenter ? [{ id: 'ControlCenterService', name: `${m.name}-control-center`, ports: [{ name: 'cc', port: m.controlCenter.port }], affinity: 'ClientIP' }] : []),
      ...(m.restApi ? [{ id: 'RestApiService', name: `${m.name}-rest-api`, ports: [{ name: 'rest', port: m.restApi.port }] }] : []),
      ...(m.monitoring ? [{ id: 'MetricsService', name: `${m.name}-metrics`, ports: [{ name: 'metrics', port: m.monitoring.port }], component: 'metrics' }] : []),
    ];
    for (const e of endpoints) {
      const labels = { ...m.labels, ...(e.component ? { 'app.kubernetes.io/component': e.component } : {}) };
      const spec: k8s.ServiceSpec = {
        type: 'ClusterIP',
        sessionAffinity: e.affinity,
        ports: e.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' })),
      };
      const svc = this._addService(this, e.id, { metadata: { name: e.name, labels }, spec });
      if (e.id === 'Service') this.service = svc;
      if (e.id === 'ControlCenterService') this.controlCenterService = svc;
      if (e.id === 'RestApiService') this.restApiService = svc;
      if (e.id === 'MetricsService') this.metricsService = svc;
    }

    const volumeClaimTemplates: k8s.KubePersistentVolumeClaimProps[] | undefined = m.storage.kind === StorageKind.PERSISTENT ? [{
      // Selector labels only: a claim template cannot change after creation (and GitOps tracking labels must stay off it).
      metadata: { name: VOLUMES.data, labels: operator ? undefined : { ...m.selectorLabels } },
      spec: {
        accessModes: [m.storage.accessMode],
        storageClassName: m.storage.storageClassName,
        volumeMode: 'Filesystem',
        resources: { requests: { storage: quantity(m.storage.sizeBytes) } },
      },
    }] : undefined;
    const retention = m.storage.kind === StorageKind.PERSISTENT ? { whenDeleted: m.storage.whenDeleted, whenScaled: m.storage.whenScaled } : undefined;

    if (operator) {
      this.platform = new HiveMQPlatformResource(this, 'Platform', {
        metadata: {
          name: m.name,
          labels: { ...m.labels, ...(m.mode.selector ? { operator: m.mode.selector } : {}) },
          annotations: m.mode.deletionProtection ? protectionAnnotations(0, ['SkipDryRunOnMissingResource=true']) : { 'argocd.argoproj.io/sync-wave': '0' },
        },
        spec: {
          configMapName: m.names.configMap,
          logLevel: m.logLevel as HiveMqPlatformSpecLogLevel,
          healthApiPort: m.healthPort,
          operatorRestApiPort: HIVEMQ.operatorPort,
          // 0 switches metrics off, as HiveMQ's chart writes it.
          metricsPort: m.monitoring?.port ?? 0,
          metricsPath: m.monitoring?.path,
          extensions: [
            { id: ALLOW_ALL_FOLDER, enabled: m.allowAllClients, extensionUri: 'preinstalled', supportsHotReload: false },
            ...m.extensions.map((e) => ({ id: e.folder, enabled: true, extensionUri: (e.source as { url: string }).url, secretName: e.configSecret })),
          ],
        },
      }, {
        statefulSet: () => {
          // selector and serviceName are the operator's (the operator fills them): rendered, then left out.
          const { selector: _s, serviceName: _n, ...spec } = k8s.toJson_StatefulSetSpec({
            replicas: m.replicas,
            selector: podSelector,
            serviceName: '',
            template: forOperator(renderPodTemplate(this.model, configHash())),
            persistentVolumeClaimRetentionPolicy: retention,
            volumeClaimTemplates: volumeClaimTemplates?.map((t) => ({ metadata: t.metadata, spec: t.spec })),
          })!;
          return { spec };
        },
        services: () => this.platformServices.map((svc) => ({ metadata: svc.metadata, spec: k8s.toJson_ServiceSpec(svc.spec) })),
        configXml: () => this.configXml,
        owner: `HiveMQCluster '${id}'`,
      });
    } else {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(m.names.serviceAccount), automountServiceAccountToken: false });
      this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
        metadata: meta(m.names.headlessService),
        spec: {
          clusterIp: 'None',
          // Starting brokers must find each other before they are ready.
          publishNotReadyAddresses: true,
          selector: { ...m.selectorLabels },
          ports: [{ name: 'cluster', port: m.clusterPort, targetPort: k8s.IntOrString.fromString('cluster'), protocol: 'TCP' }],
        },
      });
      this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
        metadata: meta(m.names.statefulSet, m.mode.deletionProtection ? protectionAnnotations(0) : undefined),
        spec: {
          replicas: m.replicas,
          serviceName: m.names.headlessService,
          selector: podSelector,
          // One broker at a time, also on scale-down: removing two at once can remove both copies of an item (replication 2).
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          minReadySeconds: m.minReadySeconds,
          // Every file of the ConfigMap counts: subPath mounts never see updates, so any change must roll the brokers.
          template: Lazy.any({ produce: () => renderPodTemplate(this.model, configHash()) }),
          persistentVolumeClaimRetentionPolicy: retention,
          volumeClaimTemplates,
        },
      });
    }

    const sideAnnotations = operator ? { 'argocd.argoproj.io/sync-wave': '1' } : undefined;
    if (m.monitoring?.serviceMonitor) {
      this.serviceMonitor = new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: { name: m.name, labels: { ...m.labels, ...m.monitoring.serviceMonitor.labels }, annotations: sideAnnotations },
        spec: {
          // Only the metrics Service, not the others with the same selector labels.
          selector: { matchLabels: { ...m.selectorLabels, 'app.kubernetes.io/component': 'metrics' } },
          endpoints: [{ port: 'metrics', path: m.monitoring.path, interval: `${m.monitoring.serviceMonitor.intervalSeconds}s` }],
        },
      });
    }
    for (const { name, tls } of tlsEndpoints(m)) {
      const c = tls.certificate;
      if (!c) continue;
      this.certificates[name] = new Certificate(this, `Certificate-${name}`, {
        metadata: meta(c.name),
        spec: {
          secretName: c.secretName,
          issuerRef: { name: c.issuerName, kind: c.issuerKind, group: 'cert-manager.io' },
          dnsNames: [...c.dnsNames],
          duration: c.durationSeconds === undefined ? undefined : `${c.durationSeconds}s`,
          renewBefore: c.renewBeforeSeconds === undefined ? undefined : `${c.renewBeforeSeconds}s`,
          // keystore.p12 is what the broker reads; Modern2023 is AES-256 PBES2, readable by current JDKs.
          keystores: { pkcs12: { create: true, passwordSecretRef: { name: c.password.name, key: c.password.key }, profile: CertificateSpecKeystoresPkcs12Profile.MODERN2023 } },
          privateKey: { rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        },
      });
    }
    if (m.grafanaDashboard) {
      this.grafanaDashboard = new k8s.KubeConfigMap(this, 'GrafanaDashboard', {
        metadata: { name: `${m.name}-grafana-dashboard`, namespace: m.grafanaDashboard.namespace, labels: { ...m.labels, grafana_dashboard: '1' }, annotations: sideAnnotations },
        data: { [`hivemq-${m.name}.json`]: renderDashboard(m, m.namespace!) },
      });
    }
    const alerts = m.alerts;
    if (alerts) {
      this.prometheusRule = new PrometheusRule(this, 'PrometheusRule', {
        metadata: { name: `${m.name}-alerts`, labels: { ...m.labels, ...alerts.ruleLabels }, annotations: sideAnnotations },
        spec: {
          groups: [{
            name: `hivemq-${m.name}`,
            rules: alerts.rules.map((r) => ({
              alert: r.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: { severity: r.severity, ...alerts.staticLabels },
              annotations: { summary: r.summary, description: r.description },
            })),
          }],
        },
      });
    }
    if (m.networkPolicy) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: meta(m.name, sideAnnotations),
        // Rendered at synthesis: load balancers added later may need the health API.
        spec: Lazy.any({ produce: () => renderNetworkPolicy(this.model, { healthApiFromAnywhere: this.healthApiOpen, podSelector: podSelector.matchLabels }) }),
      });
    }

    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: meta(m.names.podDisruptionBudget, sideAnnotations),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: podSelector,
        // Let drains evict brokers that never became ready (beta, on by default from Kubernetes 1.27).
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    // Last, when every name is known: all of them or none enter the App's registry.
    ObjectRegistry.of(this).claim(this, { construct: 'HiveMQCluster', id }, this.objectClaims(props.name === undefined ? 'name (default: the construct id)' : 'name'));
  }

  /**
   * Every object this cluster writes, and every object written because of it: the PVCs of its claim templates (one per
   * pod), the Secrets cert-manager writes, and in operator mode what the HiveMQ Platform Operator derives from the CR.
   */
  private objectClaims(nameProp: string): ObjectClaim[] {
    const m = this.baseModel;
    const id = m.id;
    const namespace = m.namespace;
    const from = { prop: nameProp, value: m.name };
    const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
    const byOperator = `the HiveMQ Platform Operator for HiveMQCluster '${id}'`;
    const claims: ObjectClaim[] = ObjectRegistry.written(this, (childId) => `its ${OBJECT_ROLES[childId] ?? childId.replace(/^Certificate-(.*)$/, 'Certificate for $1')}`)
      .map((c) => (c.name.startsWith(m.name) ? { ...c, from } : c));
    const statefulSet = m.names.statefulSet;
    if (operator) {
      // The operator names the StatefulSet after the platform, adds the cluster Service and the pods' ServiceAccount (hivemq/helm-charts tests).
      claims.push(
        { group: 'apps', kind: 'StatefulSet', name: statefulSet, namespace, what: 'the StatefulSet it creates from the HiveMQPlatform', by: byOperator, from },
        { group: '', kind: 'Service', name: `hivemq-${m.name}-cluster`, namespace, what: 'the cluster Service it creates', by: byOperator, from },
        { group: '', kind: 'ServiceAccount', name: `hivemq-platform-pod-${m.name}`, namespace, what: 'the pods\' ServiceAccount it creates', by: byOperator, from },
        ...this.platformServices.map((svc) => ({
          group: '', kind: 'Service', name: svc.metadata.name!, namespace, what: `its Service entry '${svc.metadata.name}' of HiveMQPlatform '${m.name}' spec.services`, from,
        })),
      );
    }
    if (m.storage.kind === StorageKind.PERSISTENT) {
      // The StatefulSet controller names each pod's claim <template>-<statefulset>-<ordinal>; in operator mode the surge pod
      // of a rolling restart takes ordinal <replicas> (HiveMQ Platform Operator docs, rolling restarts).
      const ordinals = m.replicas + (operator ? 1 : 0);
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

  /**
   * Adds a Service that selects the brokers (its caller registers the name): in plain mode a Service object in `scope`, in
   * operator mode an entry of the HiveMQPlatform's `spec.services` (the operator creates it and fills in the selector).
   * @internal
   */
  public _addService(scope: Construct, id: string, service: { metadata: ApiObjectMetadata; spec: k8s.ServiceSpec }): k8s.KubeService | undefined {
    if (this.model.mode.kind === DeploymentModeKind.OPERATOR) {
      this.platformServices.push(service);
      return undefined;
    }
    return new k8s.KubeService(scope, id, { metadata: service.metadata, spec: { ...service.spec, selector: { ...this.model.selectorLabels } } });
  }

  /** The resolved model every object is rendered from: every default applied, keep-alives fitted to the load balancers. */
  public get model(): ClusterModel {
    return applyIdleTimeouts(this.baseModel, this.idleTimeouts);
  }

  /** The generated `config.xml`. */
  public get configXml(): string {
    return renderConfigXml(this.model);
  }

  /** Every file of the ConfigMap, as rendered at synthesis. */
  private configData(): Record<string, string> {
    const m = this.model;
    // In operator mode the operator configures its own Prometheus extension from metricsPort and metricsPath.
    const prometheus = m.monitoring && m.mode.kind === DeploymentModeKind.PLAIN;
    return { [CONFIG_KEY]: this.configXml, ...(prometheus ? { [PROMETHEUS_KEY]: renderPrometheusProperties(m.monitoring!) } : {}) };
  }

  /**
   * Opens the health API to sources outside the namespace (a load balancer that health-checks the brokers directly).
   * @internal
   */
  public _openHealthApi(): void {
    this.healthApiOpen = true;
  }

  /**
   * Registers the idle timeout of a load balancer in front of this cluster. Keep-alives the user left unset are lowered to
   * fit; ones the user set, or switched off, that cannot fit are an error naming both values.
   * @internal
   */
  public _addIdleTimeout(timeout: IdleTimeout): void {
    checkKeepAlive(this.baseModel, timeout);
    this.idleTimeouts.push(timeout);
  }
}

/** How a message names the cluster's objects, by construct id. */
const OBJECT_ROLES: Record<string, string> = {
  Config: 'config ConfigMap', Service: 'MQTT Service', ControlCenterService: 'Control Center Service', RestApiService: 'REST API Service',
  MetricsService: 'metrics Service', HeadlessService: 'headless Service', StatefulSet: 'StatefulSet', ServiceAccount: 'ServiceAccount', Platform: 'HiveMQPlatform',
  ServiceMonitor: 'ServiceMonitor', GrafanaDashboard: 'Grafana dashboard ConfigMap', PrometheusRule: 'alerts PrometheusRule', NetworkPolicy: 'NetworkPolicy',
  PodDisruptionBudget: 'PodDisruptionBudget',
};

/**
 * The generated HiveMQPlatform class, with the embedded StatefulSet and Service specs added after its typed conversion:
 * they are rendered by the same Kubernetes renderers as plain mode (wire format), which the generated converters would
 * otherwise drop field by field.
 */
class HiveMQPlatformResource extends HiveMqPlatform {
  constructor(scope: Construct, id: string, props: HiveMqPlatformProps,
    private readonly embedded: { statefulSet: () => unknown; services: () => unknown[]; configXml: () => string; owner: string }) {
    super(scope, id, props);
  }

  public override toJson(): any {
    const json = super.toJson();
    const services = this.embedded.services();
    const cr = { ...json, spec: { ...json.spec, statefulSet: this.embedded.statefulSet(), ...(services.length ? { services } : {}) } };
    const problems = checkPlatform(cr, this.embedded.configXml());
    if (problems.length) {
      throw new Error(`${this.embedded.owner}: the HiveMQPlatform would fail in the operator: ${problems.join('; ')}. Adjust the props (or the patches) that produce it.`);
    }
    return cr;
  }
}
