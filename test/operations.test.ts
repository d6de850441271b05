// Issue #4: TLS, cert-manager, licence, client security, Control Center, REST API, NetworkPolicy, monitoring, logging.
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { parser } from '@prometheus-io/lezer-promql';
import { Chart, Testing } from 'cdk8s';
import {
  ClientAuthentication, ExtensionSource, HiveMQCluster, IssuerKind, Keystore, LoadBalancerProvider, LogLevel, MqttListener, MqttLoadBalancer,
  Truststore,
} from '../lib';
import { brokerContainer, find, Manifest, newChart, podSpec, synthCluster, validateConfigXml } from './util';

const PW = { name: 'tls-passwords', key: 'keystore' };
const SELECTOR = { 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker' };
const flat = (xml: string) => xml.replace(/\s+/g, '');

describe('TLS listeners', () => {
  const { cluster, manifests } = synthCluster({
    listeners: [
      MqttListener.tcp(),
      MqttListener.tls({
        keystore: Keystore.fromSecret({ secretName: 'mqtt-tls', password: PW }),
        truststore: Truststore.fromSecret({ secretName: 'client-cas', password: { name: 'tls-passwords', key: 'truststore' } }),
        clientAuthentication: ClientAuthentication.REQUIRED,
      }),
      MqttListener.secureWebsocket({ keystore: Keystore.fromSecret({ secretName: 'ws-tls', key: 'keystore.p12', password: PW,
        privateKeyPassword: { name: 'tls-passwords', key: 'private' } }) }),
    ],
  });
  const hivemq = brokerContainer(manifests);

  test('config.xml: tls-tcp-listener on 8883 with keystore, truststore, protocols, cipher suites and client authentication', async () => {
    expect(flat(cluster.configXml)).toContain('<tls-tcp-listener><port>8883</port><bind-address>0.0.0.0</bind-address><name>mqtts</name><tls>'
      + '<keystore><path>/etc/hivemq/tls/mqtts/keystore/keystore</path><password>${ENV:HIVEMQ_TLS_MQTTS_KEYSTORE_PASSWORD}</password>'
      + '<private-key-password>${ENV:HIVEMQ_TLS_MQTTS_PRIVATE_KEY_PASSWORD}</private-key-password></keystore>'
      + '<truststore><path>/etc/hivemq/tls/mqtts/truststore/truststore</path><password>${ENV:HIVEMQ_TLS_MQTTS_TRUSTSTORE_PASSWORD}</password>'
        + '</truststore>'
      + '<protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>'
      + '<cipher-suites><cipher-suite>TLS_AES_256_GCM_SHA384</cipher-suite><cipher-suite>TLS_AES_128_GCM_SHA256</cipher-suite>');
    expect(flat(cluster.configXml)).toContain('<client-authentication-mode>REQUIRED</client-authentication-mode></tls></tls-tcp-listener>');
    expect(flat(cluster.configXml)).toContain('<tls-websocket-listener><port>8001</port><bind-address>0.0.0.0</bind-address><name>wss</name>'
      + '<path>/mqtt</path><tls>'
      + '<keystore><path>/etc/hivemq/tls/wss/keystore/keystore.p12</path>');
    expect(flat(cluster.configXml)).toContain('<client-authentication-mode>NONE</client-authentication-mode></tls></tls-websocket-listener>');
    await validateConfigXml(cluster.configXml);
  });

  test('passwords come from Secrets as env references, keystores are read-only Secret mounts', () => {
    expect(hivemq.env).toEqual(expect.arrayContaining([
      { name: 'HIVEMQ_TLS_MQTTS_KEYSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'tls-passwords', key: 'keystore' } } },
      { name: 'HIVEMQ_TLS_MQTTS_PRIVATE_KEY_PASSWORD', valueFrom: { secretKeyRef: { name: 'tls-passwords', key: 'keystore' } } },
      { name: 'HIVEMQ_TLS_MQTTS_TRUSTSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'tls-passwords', key: 'truststore' } } },
      { name: 'HIVEMQ_TLS_WSS_PRIVATE_KEY_PASSWORD', valueFrom: { secretKeyRef: { name: 'tls-passwords', key: 'private' } } },
    ]));
    expect(hivemq.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'tls-mqtts-keystore', mountPath: '/etc/hivemq/tls/mqtts/keystore', readOnly: true },
      { name: 'tls-mqtts-truststore', mountPath: '/etc/hivemq/tls/mqtts/truststore', readOnly: true },
      { name: 'tls-wss-keystore', mountPath: '/etc/hivemq/tls/wss/keystore', readOnly: true },
    ]));
    expect(podSpec(manifests).volumes).toContainEqual({
      name: 'tls-mqtts-keystore', secret: { secretName: 'mqtt-tls', items: [{ key: 'keystore', path: 'keystore' }], defaultMode: 0o440 },
    });
    expect(hivemq.ports.map((p: any) => `${p.name}:${p.containerPort}`)).toEqual(expect.arrayContaining(['mqtts:8883', 'wss:8001']));
  });

  test('no secret or password value is ever written into the ConfigMap or a literal env value', () => {
    const config = JSON.stringify(find(manifests, 'ConfigMap', 'broker-config'));
    expect(config).not.toMatch(/tls-passwords|mqtt-tls/);
    for (const e of hivemq.env) if (/PASSWORD|USER/.test(e.name)) expect(e.value).toBeUndefined();
  });

  test('protocols and cipher suites can be narrowed', () => {
    const { cluster: c } = synthCluster({
      listeners: [MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 's', password: PW }), protocols: ['TLSv1.3'],
        cipherSuites: ['TLS_AES_128_GCM_SHA256'] })],
    });
    expect(flat(c.configXml)).toContain('<protocols><protocol>TLSv1.3</protocol></protocols><cipher-suites>'
      + '<cipher-suite>TLS_AES_128_GCM_SHA256</cipher-suite></cipher-suites>');
  });
});

describe('cert-manager', () => {
  test('a Certificate with a PKCS#12 keystore the listener reads, validated against the CRD', () => {
    const { cluster, manifests } = synthCluster({
      listeners: [MqttListener.tls({
        keystore: Keystore.fromCertManager({
          issuerName: 'letsencrypt', issuerKind: IssuerKind.CLUSTER_ISSUER, dnsNames: ['mqtt.example.com'], password: PW,
          duration: Duration.days(90), renewBefore: Duration.days(30),
        }),
      })],
    });
    const cert = find(manifests, 'Certificate', 'broker-mqtts');
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.spec).toEqual({
      secretName: 'broker-mqtts-tls',
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      dnsNames: ['mqtt.example.com'],
      duration: '7776000s',
      renewBefore: '2592000s',
      keystores: { pkcs12: { create: true, passwordSecretRef: { name: 'tls-passwords', key: 'keystore' }, profile: 'Modern2023' } },
      privateKey: { rotationPolicy: 'Always' },
    });
    expect(cluster.certificates.mqtts).toBeDefined();
    expect(cluster.configXml).toContain('<path>/etc/hivemq/tls/mqtts/keystore/keystore.p12</path>');
    expect(podSpec(manifests).volumes).toContainEqual({
      name: 'tls-mqtts-keystore', secret: { secretName: 'broker-mqtts-tls', items: [{ key: 'keystore.p12', path: 'keystore.p12' }],
        defaultMode: 0o440 },
    });
  });
});

describe('licence, client security, extensions, logging', () => {
  test('defaults: no licence, allow-all kept, INFO logs, the Control Center kept on the loopback interface', () => {
    const { cluster, manifests } = synthCluster();
    expect(flat(cluster.configXml)).toContain('<control-center><listeners><http><port>8080</port><bind-address>127.0.0.1</bind-address></http>'
      + '</listeners></control-center>');
    expect(podSpec(manifests).initContainers[0].command[2]).toBe('cp -R /opt/hivemq/. /hivemq-home/');
    expect(brokerContainer(manifests).env).toContainEqual({ name: 'HIVEMQ_LOG_LEVEL', value: 'INFO' });
    expect(podSpec(manifests).volumes.find((v: any) => v.name === 'license')).toBeUndefined();
  });

  test('licence Secret mounted read-only at /opt/hivemq/license', () => {
    const { manifests } = synthCluster({ licenseSecret: 'hivemq-license' });
    expect(brokerContainer(manifests).volumeMounts).toContainEqual({ name: 'license', mountPath: '/opt/hivemq/license', readOnly: true });
    expect(podSpec(manifests).volumes).toContainEqual({ name: 'license', secret: { secretName: 'hivemq-license', defaultMode: 0o440 } });
  });

  test('allow-all switched off, an authentication extension with its configuration from a Secret, DEBUG logs', () => {
    const sha = 'c'.repeat(64);
    const { manifests } = synthCluster({
      allowAllClients: false,
      logLevel: LogLevel.DEBUG,
      extensions: [{
        source: ExtensionSource.fromUrl({ url: 'https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/hivemq-file-rbac-extension-4.6.16.zip', sha256: sha }),
        folder: 'hivemq-file-rbac-extension',
        configSecret: 'mqtt-credentials',
      }],
    });
    const pod = podSpec(manifests);
    expect(pod.initContainers[0].command[2]).toBe('cp -R /opt/hivemq/. /hivemq-home/ && rm -rf /hivemq-home/extensions/hivemq-allow-all-extension');
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['hivemq-home', 'dns-discovery-extension', 'extension-1']);
    expect(pod.initContainers[2].env).toEqual([
      { name: 'EXTENSION_URL', value: 'https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/hivemq-file-rbac-extension-4.6.16.zip' },
      { name: 'EXTENSION_SHA256', value: sha },
    ]);
    expect(brokerContainer(manifests).volumeMounts).toContainEqual({ name: 'extension-1-config',
      mountPath: '/opt/hivemq/extensions/hivemq-file-rbac-extension/conf', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'extension-1-config', secret: { secretName: 'mqtt-credentials', defaultMode: 0o440 } });
    expect(brokerContainer(manifests).env).toContainEqual({ name: 'HIVEMQ_LOG_LEVEL', value: 'DEBUG' });
  });
});

describe('Control Center and REST API', () => {
  const { cluster, manifests } = synthCluster({
    controlCenter: { credentialsSecret: 'cc-admin' },
    restApi: { keystore: Keystore.fromSecret({ secretName: 'rest-tls', password: PW }) },
  });

  test('config.xml: Control Center on 8080 with the user from env, REST API on 8888 over HTTPS with authentication', async () => {
    expect(flat(cluster.configXml)).toContain('<control-center><listeners><http><port>8080</port><bind-address>0.0.0.0</bind-address></http>'
      + '</listeners>'
      + '<users><user><name>${ENV:HIVEMQ_CONTROL_CENTER_USER}</name><password>${ENV:HIVEMQ_CONTROL_CENTER_PASSWORD}</password></user></users>'
        + '</control-center>');
    expect(flat(cluster.configXml)).toContain('<rest-api><enabled>true</enabled><auth><enabled>true</enabled></auth><listeners><https>'
      + '<port>8888</port>'
      + '<bind-address>0.0.0.0</bind-address><tls><keystore><path>/etc/hivemq/tls/rest/keystore/keystore</path>');
    await validateConfigXml(cluster.configXml);
  });

  test('credentials from the Secret, Services with ClientIP affinity for the Control Center', () => {
    expect(brokerContainer(manifests).env).toEqual(expect.arrayContaining([
      { name: 'HIVEMQ_CONTROL_CENTER_USER', valueFrom: { secretKeyRef: { name: 'cc-admin', key: 'username' } } },
      { name: 'HIVEMQ_CONTROL_CENTER_PASSWORD', valueFrom: { secretKeyRef: { name: 'cc-admin', key: 'password-sha256' } } },
    ]));
    expect(find(manifests, 'Service', 'broker-control-center').spec).toEqual({
      type: 'ClusterIP', selector: SELECTOR, sessionAffinity: 'ClientIP', ports: [{ name: 'cc', port: 8080, targetPort: 'cc', protocol: 'TCP' }],
    });
    expect(find(manifests, 'Service', 'broker-rest-api').spec.ports).toEqual([{ name: 'rest', port: 8888, targetPort: 'rest', protocol: 'TCP' }]);
  });

  test('Control Center over HTTPS defaults to 8443', () => {
    const { cluster: c } = synthCluster({ controlCenter: { credentialsSecret: 'cc', keystore: Keystore.fromSecret({ secretName: 'cc-tls',
      password: PW }) } });
    expect(flat(c.configXml)).toContain('<control-center><listeners><https><port>8443</port>');
  });

  test('8080 is free for a listener once the Control Center is configured on another port', () => {
    const { cluster: c } = synthCluster({ controlCenter: { credentialsSecret: 'cc', port: 9090 },
      listeners: [MqttListener.websocket({ port: 8080 })] });
    expect(flat(c.configXml)).toContain('<control-center><listeners><http><port>9090</port>');
    expect(flat(c.configXml)).toContain('<port>8080</port><bind-address>0.0.0.0</bind-address>');
  });
});

describe('monitoring', () => {
  test('Prometheus extension installed, configured on 9399 /metrics, a metrics Service and a ServiceMonitor', () => {
    const { manifests } = synthCluster({ monitoring: { serviceMonitor: true, serviceMonitorLabels: { release: 'prometheus' } } });
    const pod = podSpec(manifests);
    const init = pod.initContainers.find((c: any) => c.name === 'prometheus-extension');
    expect(init.env[0]).toEqual({ name: 'EXTENSION_URL', value: 'https://github.com/hivemq/hivemq-prometheus-extension/releases/download/4.1.1/hivemq-prometheus-extension-4.1.1.zip' });
    expect(find(manifests, 'ConfigMap',
      'broker-config').data['prometheus-extension.properties']).toBe('# Generated by cdk8s-hivemq.\nip=0.0.0.0\nport=9399\nmetric_path=/metrics\n');
    expect(brokerContainer(manifests).volumeMounts).toContainEqual({
      name: 'config', mountPath: '/opt/hivemq/extensions/hivemq-prometheus-extension/conf/config.properties',
      subPath: 'prometheus-extension.properties', readOnly: true,
    });
    const svc = find(manifests, 'Service', 'broker-metrics');
    expect(svc.metadata.labels['app.kubernetes.io/component']).toBe('metrics');
    expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9399, targetPort: 'metrics', protocol: 'TCP' }]);
    const sm = find(manifests, 'ServiceMonitor', 'broker');
    expect(sm.metadata.labels.release).toBe('prometheus');
    expect(sm.spec).toEqual({
      selector: { matchLabels: { ...SELECTOR, 'app.kubernetes.io/component': 'metrics' } },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
    });
  });

  test('a Grafana dashboard ConfigMap for the sidecar, its queries scoped to the cluster and valid PromQL', () => {
    const { manifests } = synthCluster({ monitoring: { grafanaDashboard: true } });
    const cm = find(manifests, 'ConfigMap', 'broker-grafana-dashboard');
    expect(cm.metadata.labels.grafana_dashboard).toBe('1');
    expect(cm.metadata.namespace).toBe('iot');
    const dashboard = JSON.parse(cm.data['hivemq-broker.json']);
    expect(dashboard).toMatchObject({ title: 'HiveMQ iot/broker', uid: 'hivemq-iot-broker', schemaVersion: 39 });
    expect(dashboard.panels.map((p: any) => p.title)).toEqual(['MQTT connections', 'Cluster nodes', 'Heap', 'Dropped messages',
      'Overload protection level',
      'Queued messages', 'Retained messages']);
    for (const panel of dashboard.panels) {
      for (const t of panel.targets) {
        expect(t.expr).toContain('namespace="iot", service="broker-metrics"');
        const errors: number[] = [];
        parser.parse(t.expr).iterate({ enter: (n) => { if (n.type.isError) errors.push(n.from); } });
        expect(errors).toEqual([]);
      }
    }
    const elsewhere = find(synthCluster({ monitoring: { grafanaDashboard: true, grafanaDashboardNamespace: 'grafana' } }).manifests, 'ConfigMap',
      'broker-grafana-dashboard');
    expect(elsewhere.metadata.namespace).toBe('grafana');
    expect(() => synthCluster({ monitoring: { grafanaDashboardNamespace: 'grafana' } })).toThrow(/monitoring.grafanaDashboardNamespace only applies with grafanaDashboard: true/);
    expect(() => synthCluster({ monitoring: { grafanaDashboard: true,
      grafanaDashboardNamespace: 'Grafana' } })).toThrow(/monitoring.grafanaDashboardNamespace must be a namespace name/);
  });

  test('without serviceMonitor only the Service', () => {
    const { manifests } = synthCluster({ monitoring: { port: 9400, path: '/prom' } });
    expect(manifests.some((m) => m.kind === 'ServiceMonitor')).toBe(false);
    expect(find(manifests, 'ConfigMap', 'broker-config').data['prometheus-extension.properties']).toContain('port=9400\nmetric_path=/prom\n');
  });
});

describe('NetworkPolicy', () => {
  test('default: MQTT from anywhere, broker-to-broker only between brokers, health from the namespace, DNS, brokers and HTTPS egress', () => {
    const np = find(synthCluster().manifests, 'NetworkPolicy', 'broker');
    const brokers = { podSelector: { matchLabels: SELECTOR } };
    expect(np.spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { ports: [{ port: 1883, protocol: 'TCP' }] },
        { from: [brokers] },
        { ports: [{ port: 8889, protocol: 'TCP' }], from: [{ podSelector: {} }] },
      ],
      egress: [
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        { to: [brokers] },
        { ports: [{ port: 443, protocol: 'TCP' }] },
      ],
    });
  });

  test('an AWS NLB with IP targets opens the health API to its health checks, which come from outside any selector', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb() });
    const np = find(Testing.synth(chart) as Manifest[], 'NetworkPolicy', 'broker');
    expect(np.spec.ingress).toContainEqual({ ports: [{ port: 8889, protocol: 'TCP' }] });
    // never an empty port list, which would open every port to the monitoring peers
    expect(np.spec.ingress.every((r: any) => r.ports === undefined ? r.from.length === 1 : r.ports.length > 0)).toBe(true);
    const gke = newChart();
    new MqttLoadBalancer(gke, 'public', { cluster: new HiveMQCluster(gke, 'broker'), provider: LoadBalancerProvider.gke() });
    expect(find(Testing.synth(gke) as Manifest[], 'NetworkPolicy', 'broker').spec.ingress).not.toContainEqual({ ports: [{ port: 8889,
      protocol: 'TCP' }] });
  });

  test('options: MQTT peers, monitoring namespaces, admin peers, extra egress; no HTTPS egress when nothing is downloaded', () => {
    const np = find(synthCluster({
      discovery: { source: ExtensionSource.fromImage({ image: 'registry.example.com/dns:4.4.7', path: '/hivemq-dns-cluster-discovery' }) },
      controlCenter: { credentialsSecret: 'cc' },
      networkPolicy: {
        mqttPeers: [{ ipBlock: { cidr: '10.0.0.0/8' } }],
        monitoringNamespaces: ['monitoring'],
        adminPeers: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }],
        extraEgress: [{ ports: [{ port: k8s.IntOrString.fromNumber(9092), protocol: 'TCP' }] }],
      },
    }).manifests, 'NetworkPolicy', 'broker');
    expect(np.spec.ingress[0]).toEqual({ ports: [{ port: 1883, protocol: 'TCP' }], from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] });
    expect(np.spec.ingress[2].from).toEqual([{ podSelector: {} },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    expect(np.spec.ingress[3]).toEqual({ ports: [{ port: 8080, protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] });
    expect(np.spec.egress).toHaveLength(3);
    expect(np.spec.egress[2]).toEqual({ ports: [{ port: 9092, protocol: 'TCP' }] });
  });

  test('can be switched off', () => {
    expect(synthCluster({ networkPolicy: { enabled: false } }).manifests.some((m) => m.kind === 'NetworkPolicy')).toBe(false);
  });
});

describe('operations validation', () => {
  const ks = Keystore.fromSecret({ secretName: 's', password: PW });
  test.each([
    [{ listeners: [MqttListener.tls({ keystore: undefined as any })] }, /listeners\[0\].tls.keystore is required/],
    [{ listeners: [MqttListener.tls({ keystore: ks, clientAuthentication: ClientAuthentication.OPTIONAL })] },
      /listeners\[0\].tls.truststore is required with clientAuthentication OPTIONAL .* Pass Truststore.fromSecret/],
    [{ listeners: [MqttListener.tls({ keystore: ks, protocols: ['TLSv1.1'] })] },
      /listeners\[0\].tls.protocols\[0\] must be one of 'TLSv1.3', 'TLSv1.2' \(got 'TLSv1.1'\)/],
    [{ listeners: [MqttListener.tls({ keystore: ks, protocols: [] })] }, /listeners\[0\].tls.protocols must not be empty/],
    [{ listeners: [MqttListener.tls({ keystore: ks, cipherSuites: ['RC4'] })] },
      /listeners\[0\].tls.cipherSuites\[0\] must be a JSSE cipher suite name/],
    [{ listeners: [MqttListener.tls({ keystore: ks, cipherSuites: [] })] }, /listeners\[0\].tls.cipherSuites must not be empty/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 'Bad_Name', password: PW }) })] },
      /listeners\[0\].tls.keystore.secretName must be a DNS-1123 subdomain/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 's', password: { name: 'p', key: 'a/b' } }) })] },
      /listeners\[0\].tls.keystore.password.key must be a Secret key/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: [], password: PW }) })] },
      /listeners\[0\].tls.keystore.dnsNames must hold at least one DNS name/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: ['not a name'], password: PW }) })] },
      /listeners\[0\].tls.keystore.dnsNames\[0\] must be a DNS name/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: ['a.example'], password: PW,
      duration: Duration.days(10), renewBefore: Duration.days(20) }) })] },
    /listeners\[0\].tls.keystore.renewBefore must be shorter than the duration/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', issuerKind: 'Vault' as any, dnsNames: ['a.example'],
      password: PW }) })] },
    /listeners\[0\].tls.keystore.issuerKind must be one of 'Issuer', 'ClusterIssuer'/],
    [{ licenseSecret: 'My License' }, /licenseSecret must be a DNS-1123 subdomain/],
    [{ logLevel: 'FATAL' }, /logLevel must be one of 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR' \(got 'FATAL'\)/],
    [{ extensions: [{ source: 'x' as any, folder: 'a' }] }, /extensions\[0\].source must be an ExtensionSource/],
    [{ extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: '../etc' }] }, /extensions\[0\].folder must be a folder name/],
    [{ extensions: [{ source: ExtensionSource.fromImage({ image: 'a/b:1', path: '/x/other' }), folder: 'ext' }] },
      /extensions\[0\].source.path must end in the extension folder 'ext'/],
    [{ extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: 'hivemq-dns-cluster-discovery' }] }, /extensions\[0\].folder is already used/],
    [{ extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: 'a', configSecret: 'No' }] }, /extensions\[0\].configSecret must be a DNS-1123 subdomain/],
    [{ controlCenter: { credentialsSecret: 'cc', port: 1883 } }, /controlCenter.port is already used by listeners\[0\].port \(got 1883\)/],
    [{ controlCenter: { credentialsSecret: 'cc', port: 80 } }, /controlCenter.port must be a whole number from 1024 to 65535/],
    [{ controlCenter: { credentialsSecret: 'cc', usernameKey: 'user name' } },
      /controlCenter.usernameKey must be a Secret key \(letters, digits, '-', '_' and '.'\) \(got 'user name'\)/],
    [{ restApi: { port: 8889 } }, /restApi.port is reserved for the health API/],
    [{ monitoring: { port: 7000 } }, /monitoring.port is reserved for the cluster transport/],
    [{ monitoring: { path: 'metrics' } }, /monitoring.path must be an absolute URL path/],
    [{ monitoring: { scrapeInterval: Duration.seconds(30) } },
      /monitoring.scrapeInterval and serviceMonitorLabels only apply with serviceMonitor: true/],
    [{ networkPolicy: { enabled: false, mqttPeers: [{ podSelector: {} }] } },
      /networkPolicy.mqttPeers has no effect when networkPolicy.enabled is false/],
    [{ networkPolicy: { mqttPeers: [] } }, /networkPolicy.mqttPeers must not be empty: Kubernetes reads an empty peer list as "from anywhere"/],
    [{ networkPolicy: { adminPeers: [] } }, /networkPolicy.adminPeers must not be empty/],
    [{ networkPolicy: { monitoringNamespaces: ['Monitoring'] } },
      /networkPolicy.monitoringNamespaces\[0\] must be a namespace name \(a DNS-1123 label\) \(got 'Monitoring'\)/],
    [{ monitoring: { serviceMonitor: true, serviceMonitorLabels: { 'app.kubernetes.io/name': 'x' } } },
      /monitoring.serviceMonitorLabels must not set the labels the library manages/],
    [{ listeners: [MqttListener.tls({ keystore: ks, truststore: Truststore.fromSecret({ secretName: 't', password: PW }) })] },
      /listeners\[0\].tls.truststore has no effect with clientAuthentication NONE/],
    [{ listeners: [MqttListener.tls({ keystore: ks, protocols: ['TLSv1.2'], cipherSuites: ['TLS_AES_128_GCM_SHA256'] })] },
      /listeners\[0\].tls.cipherSuites holds only TLS 1.3 suites, but protocols allow only TLS 1.2: every handshake would fail .* Add TLS 1.2 suites such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or allow TLSv1.3/],
    [{ listeners: [MqttListener.tls({ keystore: ks, protocols: ['TLSv1.3'], cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] })] },
      /listeners\[0\].tls.cipherSuites holds only TLS 1.2 suites, but protocols allow only TLS 1.3: every handshake would fail .* Add TLS 1.3 suites such as TLS_AES_128_GCM_SHA256, or allow TLSv1.2/],
    [{ listeners: [MqttListener.websocket({ port: 8080 })] },
      /listeners\[0\].port is reserved for the Control Center, which HiveMQ serves on 127.0.0.1 when controlCenter is not set \(got 8080\)/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: [42 as any], password: PW }) })] },
      /listeners\[0\].tls.keystore.dnsNames\[0\] must be a DNS name \(got 42\)/],
    [{ licenseSecret: 'broker-mqtts-tls', listeners: [MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i',
      dnsNames: ['a.example'], password: PW }) })] },
    /tls keystore.secretName is a Secret that cert-manager would write over .* \(got 'broker-mqtts-tls'\)/],
    [{ listeners: [
      MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: ['a.example'], password: PW, secretName: 'same' }) }),
      MqttListener.secureWebsocket({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: ['a.example'], password: PW,
        secretName: 'same' }) }),
    ] }, /tls keystore.secretName is a Secret that cert-manager would write over/],
  ])('%# is rejected', (props, message) => expect(() => synthCluster(props as any)).toThrow(message));

  test('prometheusRelease validates its version', () => {
    expect(() => ExtensionSource.prometheusRelease({ version: 'latest' })).toThrow(/ExtensionSource.prometheusRelease: version must be a release number/);
  });
});

describe('defaults and rules checked on their own', () => {
  const certManager = (more: object = {}) => MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'i', dnsNames: ['a.example'],
    password: PW, ...more }) });

  test('a Certificate without duration and renewBefore leaves them to cert-manager, with a namespaced Issuer by default', () => {
    const cert = find(synthCluster({ listeners: [certManager()] }).manifests, 'Certificate', 'broker-mqtts');
    expect(cert.spec.issuerRef).toEqual({ name: 'i', kind: 'Issuer', group: 'cert-manager.io' });
    expect(cert.spec.duration).toBeUndefined();
    expect(cert.spec.renewBefore).toBeUndefined();
  });

  test('a non-default scrape interval reaches the ServiceMonitor', () => {
    const sm = find(synthCluster({ monitoring: { serviceMonitor: true, scrapeInterval: Duration.seconds(60) } }).manifests, 'ServiceMonitor',
      'broker');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '60s' }]);
  });

  test('the Grafana dashboard needs the chart\'s namespace', () => {
    const chart = new Chart(Testing.app(), 'no-namespace');
    expect(() => new HiveMQCluster(chart, 'broker', { monitoring: { grafanaDashboard: true } }))
      .toThrow(/HiveMQCluster 'broker': monitoring.grafanaDashboard needs the namespace of the cluster's chart.*Set namespace on the Chart/);
  });

  test.each([
    [{ listeners: [certManager({ duration: Duration.minutes(30) })] },
      /listeners\[0\].tls.keystore.duration must be a whole number of seconds from 3600 to 315360000 \(got '30 minutes'\)/],
    [{ listeners: [certManager({ renewBefore: Duration.minutes(1) })] },
      /listeners\[0\].tls.keystore.renewBefore must be a whole number of seconds from 300 to 315360000/],
    [{ listeners: [MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 's', password: undefined as any }) })] },
      /listeners\[0\].tls.keystore.password must name a Secret and a key \(got undefined\)\. Pass \{ name: 'my-secret', key: 'password' \}/],
    [{ monitoring: { serviceMonitor: true, scrapeInterval: Duration.hours(2) } },
      /monitoring.scrapeInterval must be a whole number of seconds from 1 to 3600/],
    [{ extensions: [
      { source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: 'same' },
      { source: ExtensionSource.fromUrl({ url: 'https://e.example/b.zip' }), folder: 'same' },
    ] }, /extensions\[1\].folder is already used by another extension \(got 'same'\)/],
    [{ extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: 'hivemq-allow-all-extension' }] }, /extensions\[0\].folder is already used/],
    [{ extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/a.zip' }), folder: 'hivemq-prometheus-extension' }] }, /extensions\[0\].folder is already used/],
  ])('%o is rejected', (props, message) => expect(() => synthCluster(props as any)).toThrow(message));
});
