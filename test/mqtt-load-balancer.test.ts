import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AwsTargetType, DeploymentMode, HiveMQCluster, HiveMQClusterProps, Keystore, LoadBalancerProvider, MqttListener, MqttLoadBalancer,
  MqttLoadBalancerProps,
  Placement, TcpKeepAliveMode, TrafficPolicy,
} from '../lib';
import { find, Manifest, newChart, validateKubernetes } from './util';

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
const AZURE = 'service.beta.kubernetes.io/azure-load-balancer';
const SELECTOR = { 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker' };

type LbProps = Omit<MqttLoadBalancerProps, 'cluster'>;

function synth(lb: LbProps, clusterProps: HiveMQClusterProps = {}, more: LbProps[] = []) {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', clusterProps);
  const balancer = new MqttLoadBalancer(chart, 'public', { cluster, ...lb });
  more.forEach((p, i) => new MqttLoadBalancer(chart, `lb${i}`, { cluster, ...p }));
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests);
  const service = find(manifests, 'Service', balancer.service!.name);
  const xml: string = find(manifests, 'ConfigMap', 'broker-config').data['config.xml'];
  const sysctls = find(manifests, 'StatefulSet', 'broker').spec.template.spec.securityContext.sysctls;
  const sysctl = (name: string) => (sysctls ? Number(sysctls.find((x: any) => x.name === `net.ipv4.tcp_keepalive_${name}`).value) : undefined);
  const keepAlive = { mqtt: Number(/<max-keep-alive>(\d+)<\/max-keep-alive>/.exec(xml)![1]), tcp: sysctl('time'), intvl: sysctl('intvl') };
  return { cluster, balancer, manifests, service, keepAlive };
}

describe('MqttLoadBalancer defaults', () => {
  const { service, keepAlive } = synth({ provider: LoadBalancerProvider.gke() });

  test('a LoadBalancer Service on the cluster\'s MQTT listener with the Local traffic policy', () => {
    expect(service.metadata.name).toBe('broker-public');
    expect(service.metadata.labels).toMatchObject({ ...SELECTOR, 'app.kubernetes.io/component': 'load-balancer' });
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: SELECTOR,
      ports: [{ name: 'mqtt', port: 1883, targetPort: 'mqtt', protocol: 'TCP' }],
    });
  });

  test('keep-alive defaults (300 s) already fit under GKE\'s 600 s connection tracking and stay', () => {
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300, intvl: 300 });
  });
});

describe('provider presets', () => {
  test('AWS NLB defaults: external controller, IP targets, internet-facing, cross-zone, readiness health check, client IPs kept', () => {
    const { service, keepAlive } = synth({ provider: LoadBalancerProvider.awsNlb() });
    expect(service.metadata.annotations).toEqual({
      [`${AWS}-type`]: 'external',
      [`${AWS}-nlb-target-type`]: 'ip',
      [`${AWS}-scheme`]: 'internet-facing',
      [`${AWS}-attributes`]: 'load_balancing.cross_zone.enabled=true',
      [`${AWS}-healthcheck-protocol`]: 'http',
      [`${AWS}-healthcheck-port`]: '8889',
      [`${AWS}-healthcheck-path`]: '/api/v1/health/readiness',
      [`${AWS}-target-group-attributes`]: 'preserve_client_ip.enabled=true',
      [`${AWS}-listener-attributes.TCP-1883`]: 'tcp.idle_timeout.seconds=350',
    });
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300, intvl: 300 }); // 350 s - 35 s margin = 315 s: the defaults fit
  });

  test('AWS NLB instance targets: Local leaves the health check to healthCheckNodePort, Cluster checks the traffic port', () => {
    const local = synth({
      provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE, crossZone: false, internalLoadBalancer: true }),
    });
    expect(local.service.metadata.annotations).toEqual({
      [`${AWS}-type`]: 'external',
      [`${AWS}-nlb-target-type`]: 'instance',
      [`${AWS}-scheme`]: 'internal',
      [`${AWS}-attributes`]: 'load_balancing.cross_zone.enabled=false',
      [`${AWS}-listener-attributes.TCP-1883`]: 'tcp.idle_timeout.seconds=350',
    });
    const cluster = synth({
      provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE }), externalTrafficPolicy: TrafficPolicy.CLUSTER,
    });
    expect(cluster.service.metadata.annotations)
      .toMatchObject({ [`${AWS}-healthcheck-protocol`]: 'tcp', [`${AWS}-healthcheck-port`]: 'traffic-port' });
    expect(cluster.service.spec.externalTrafficPolicy).toBe('Cluster');
  });

  test('AWS NLB idle timeout: a listener attribute per exposed port, keep-alives derived below it', () => {
    const { service, keepAlive } = synth({ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(120) }) },
      { listeners: [MqttListener.tcp(), MqttListener.websocket()] });
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-1883`]).toBe('tcp.idle_timeout.seconds=120');
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-8000`]).toBe('tcp.idle_timeout.seconds=120');
    expect(keepAlive).toEqual({ mqtt: 108, tcp: 108, intvl: 108 }); // 120 s - 12 s; intvl too: an idle socket probes every max(time, intvl)
  });

  test('AWS NLB PROXY protocol v2 with PROXY listeners, and static addresses', () => {
    const { service, cluster } = synth({
      provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true, eipAllocations: ['eipalloc-0a1', 'eipalloc-0b2'] }),
    }, { listeners: [MqttListener.tcp(), MqttListener.tcp({ name: 'mqtt-proxy', port: 1884, proxyProtocol: true })] });
    expect(service.metadata.annotations[`${AWS}-proxy-protocol`]).toBe('*');
    // HiveMQ's health API speaks no PROXY protocol: the check falls back to TCP on the listener.
    expect(service.metadata.annotations[`${AWS}-healthcheck-protocol`]).toBe('tcp');
    expect(service.metadata.annotations[`${AWS}-healthcheck-port`]).toBe('traffic-port');
    expect(service.metadata.annotations[`${AWS}-healthcheck-path`]).toBeUndefined();
    expect(service.metadata.annotations[`${AWS}-eip-allocations`]).toBe('eipalloc-0a1,eipalloc-0b2');
    expect(service.spec.ports).toEqual([{ name: 'mqtt-proxy', port: 1884, targetPort: 'mqtt-proxy', protocol: 'TCP' }]);
    expect(cluster.configXml).toContain('<proxy-protocol>true</proxy-protocol>');
    const internal = synth({
      provider: LoadBalancerProvider.awsNlb({ internalLoadBalancer: true, privateIpv4Addresses: ['10.0.1.15', '10.0.2.15'] }),
    });
    expect(internal.service.metadata.annotations[`${AWS}-private-ipv4-addresses`]).toBe('10.0.1.15,10.0.2.15');
  });

  test('AWS NLB extra load balancer and target group attributes are merged with the managed ones', () => {
    const { service } = synth({ provider: LoadBalancerProvider.awsNlb({
      loadBalancerAttributes: { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'logs' },
      targetGroupAttributes: { 'deregistration_delay.timeout_seconds': '120' },
    }) });
    expect(service.metadata.annotations[`${AWS}-attributes`])
      .toBe('load_balancing.cross_zone.enabled=true,access_logs.s3.enabled=true,access_logs.s3.bucket=logs');
    expect(service.metadata.annotations[`${AWS}-target-group-attributes`])
      .toBe('preserve_client_ip.enabled=true,deregistration_delay.timeout_seconds=120');
  });

  test('Azure defaults: 4 minute idle timeout, default probes; keep-alives derived to 216 s', () => {
    const { service, keepAlive } = synth({ provider: LoadBalancerProvider.azure() });
    expect(service.metadata.annotations).toEqual({
      [`${AZURE}-tcp-idle-timeout`]: '4',
      [`${AZURE}-health-probe-interval`]: '5',
      [`${AZURE}-health-probe-num-of-probe`]: '2',
    });
    expect(keepAlive).toEqual({ mqtt: 216, tcp: 216, intvl: 216 });
  });

  test('Azure options: internal, 30 minutes, probes, static address', () => {
    const { service, keepAlive } = synth({
      provider: LoadBalancerProvider.azure({
        internalLoadBalancer: true, idleTimeout: Duration.minutes(30), healthProbeInterval: Duration.seconds(10), healthProbeCount: 3,
        ipv4Address: '10.1.2.3',
      }),
    });
    expect(service.metadata.annotations).toEqual({
      [`${AZURE}-tcp-idle-timeout`]: '30',
      [`${AZURE}-health-probe-interval`]: '10',
      [`${AZURE}-health-probe-num-of-probe`]: '3',
      [`${AZURE}-internal`]: 'true',
      [`${AZURE}-ipv4`]: '10.1.2.3',
    });
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300, intvl: 300 });
  });

  test('GKE: keep-alives must stay at or below 540 s (10 minutes of VPC connection tracking less the margin)', () => {
    expect(synth({ provider: LoadBalancerProvider.gke() }, { mqttMaxKeepAlive: Duration.seconds(540) }).keepAlive.mqtt).toBe(540);
    expect(() => synth({ provider: LoadBalancerProvider.gke() }, { mqttMaxKeepAlive: Duration.seconds(541) }))
      .toThrow(/drops connections idle for 600 s, so keep-alives must stay at or below 540 s/);
  });

  test('GKE: external backend-service NLB or internal, static address by name', () => {
    expect(synth({ provider: LoadBalancerProvider.gke() }).service.metadata.annotations).toEqual({ 'cloud.google.com/l4-rbs': 'enabled' });
    const gke = synth({ provider: LoadBalancerProvider.gke({ internalLoadBalancer: true, ipAddressName: 'mqtt-ip' }) });
    expect(gke.service.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal', 'networking.gke.io/load-balancer-ip-addresses': 'mqtt-ip',
    });
  });

  test('generic: class, address, annotations passed through, the stated idle timeout', () => {
    const { service, keepAlive } = synth({
      provider: LoadBalancerProvider.generic({
        idleTimeout: Duration.seconds(60), loadBalancerClass: 'metallb.io/metallb', loadBalancerIp: '192.0.2.10',
      }),
      annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
    });
    expect(service.metadata.annotations).toEqual({ 'metallb.io/loadBalancerIPs': '192.0.2.10' });
    expect(service.spec).toMatchObject({ loadBalancerClass: 'metallb.io/metallb', loadBalancerIP: '192.0.2.10' });
    expect(keepAlive).toEqual({ mqtt: 54, tcp: 54, intvl: 54 });
  });
});

describe('MqttLoadBalancer options', () => {
  test('listeners by name, source ranges, name, labels', () => {
    const { service } = synth({
      provider: LoadBalancerProvider.gke(), listeners: ['ws'], sourceRanges: ['203.0.113.0/24', '2001:db8::/32'], name: 'mqtt-ws',
      labels: { team: 'iot' },
    }, { listeners: [MqttListener.tcp(), MqttListener.websocket()] });
    expect(service.metadata.name).toBe('mqtt-ws');
    expect(service.metadata.labels.team).toBe('iot');
    expect(service.spec.ports).toEqual([{ name: 'ws', port: 8000, targetPort: 'ws', protocol: 'TCP' }]);
    expect(service.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  });

  test('several load balancers per cluster: distinct names, the tightest idle timeout wins for derived keep-alives', () => {
    const { manifests, keepAlive } = synth(
      { provider: LoadBalancerProvider.awsNlb() }, {}, [{ provider: LoadBalancerProvider.azure({ internalLoadBalancer: true }) }],
    );
    expect(manifests.filter((m) => m.spec?.type === 'LoadBalancer').map((m) => m.metadata.name).sort()).toEqual(['broker-lb0', 'broker-public']);
    expect(keepAlive).toEqual({ mqtt: 216, tcp: 216, intvl: 216 });
  });

  test('Cluster traffic policy works with preferred anti-affinity', () => {
    const { service } = synth(
      { provider: LoadBalancerProvider.azure(), externalTrafficPolicy: TrafficPolicy.CLUSTER }, { antiAffinity: Placement.PREFERRED },
    );
    expect(service.spec.externalTrafficPolicy).toBe('Cluster');
  });

  test('AWS IP targets bypass the nodes, so Local needs no one-broker-per-node rule', () => {
    expect(() => synth({ provider: LoadBalancerProvider.awsNlb() }, { antiAffinity: Placement.NONE })).not.toThrow();
  });

  test('explicit keep-alives below the ceiling are kept', () => {
    const { keepAlive } = synth({ provider: LoadBalancerProvider.azure() },
      { mqttMaxKeepAlive: Duration.seconds(60), tcpKeepAlive: { time: Duration.seconds(120), interval: Duration.seconds(30) } });
    expect(keepAlive).toEqual({ mqtt: 60, tcp: 120, intvl: 30 });
  });

  test('pre-1.29 clusters: the privileged init container carries the derived keep-alive into the pod network namespace', () => {
    const { manifests } = synth({ provider: LoadBalancerProvider.azure() }, { tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER } });
    const pod = find(manifests, 'StatefulSet', 'broker').spec.template.spec;
    expect(pod.securityContext.sysctls).toBeUndefined();
    expect(pod.initContainers[0]).toMatchObject({
      name: 'tcp-keepalive', image: 'busybox:1.37.0',
      env: [{ name: 'SETTINGS', value: 'net.ipv4.tcp_keepalive_time=216 net.ipv4.tcp_keepalive_intvl=216 net.ipv4.tcp_keepalive_probes=2' }],
      securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false, readOnlyRootFilesystem: true },
    });
  });

  test('the privileged init container runs a mirrored image when given one', () => {
    const { manifests } = synth({ provider: LoadBalancerProvider.gke() },
      { tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER, initImage: 'registry.example.com/mirror/busybox:1.37.0' } });
    expect(find(manifests, 'StatefulSet', 'broker').spec.template.spec.initContainers[0].image).toBe('registry.example.com/mirror/busybox:1.37.0');
  });

  test('a load balancer whose name clashes with a cluster Service, or in another namespace, is refused', () => {
    expect(() => synth({ provider: LoadBalancerProvider.gke(), name: 'broker-cluster' }))
      .toThrow(new RegExp('MqttLoadBalancer \'public\': the Service name \'broker-cluster\' is already used by HiveMQCluster \'broker\' '
        + 'in chart \'test\' \\(its headless Service: test/broker/HeadlessService\\); '
        + 'this Service \\(its Service: test/public/Service, chart \'test\'\\) would replace it '
        + 'in namespace \'iot\', as kubectl apply keeps only the last one\\. Choose another name or construct id for one of them, or put one of them '
        + 'in a chart with another namespace\\.'));
    expect(() => synth({ provider: LoadBalancerProvider.gke() }, {}, [{ provider: LoadBalancerProvider.gke(), name: 'broker-public' }]))
      .toThrow(/MqttLoadBalancer 'lb0': the Service name 'broker-public' is already used by MqttLoadBalancer 'public'/);
    const app = Testing.app();
    const cluster = new HiveMQCluster(new Chart(app, 'a', { namespace: 'iot' }), 'broker');
    expect(() => new MqttLoadBalancer(new Chart(app, 'b', { namespace: 'edge' }), 'public', { cluster, provider: LoadBalancerProvider.gke() }))
      .toThrow(/MqttLoadBalancer 'public': its chart's namespace \(edge\) differs from HiveMQCluster 'broker''s \(iot\)/);
  });
});

describe('MqttLoadBalancer validation', () => {
  const rejects = (lb: LbProps, cluster: HiveMQClusterProps, message: RegExp) => expect(() => synth(lb, cluster)).toThrow(message);
  const gke = LoadBalancerProvider.gke();

  test.each<[LbProps, HiveMQClusterProps, RegExp]>([
    [{ provider: gke }, { antiAffinity: Placement.PREFERRED },
      /MqttLoadBalancer 'public': externalTrafficPolicy Local .* needs at most one broker per node, but HiveMQCluster 'broker' has antiAffinity preferred\. Either set antiAffinity: Placement.REQUIRED on the cluster, or set externalTrafficPolicy: TrafficPolicy.CLUSTER/],
    [{ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE }) }, { antiAffinity: Placement.NONE }, /needs at most one broker per node/],
    [{ provider: gke, listeners: ['wss'] }, {}, /MqttLoadBalancer 'public': listeners\[0\] is not a listener of HiveMQCluster 'broker' \(it has 'mqtt'\) \(got 'wss'\)\. Add the listener/],
    [{ provider: gke, listeners: [] }, {}, /listeners must name at least one listener/],
    [{ provider: gke, listeners: ['mqtt', 'mqtt'] }, {}, /listeners must not name a listener twice/],
    [{ provider: gke }, { listeners: [MqttListener.tcp({ proxyProtocol: true })] }, /HiveMQCluster 'broker' has no listener without proxyProtocol, which this load balancer does not send/],
    [{ provider: gke, listeners: ['mqtt'] }, { listeners: [MqttListener.tcp({ proxyProtocol: true })] },
      /listener 'mqtt' of HiveMQCluster 'broker' expects a PROXY protocol header, but this load balancer sends none/],
    [{ provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true }), listeners: ['mqtt'] }, {}, /listener 'mqtt' .* does not expect a PROXY protocol header, but this load balancer sends one/],
    [{ provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true, targetType: AwsTargetType.INSTANCE }) },
      { listeners: [MqttListener.tcp({ proxyProtocol: true })] },
      /proxyProtocol with targetType INSTANCE and externalTrafficPolicy Local breaks the NLB's HTTP health checks/],
    [{ provider: gke, sourceRanges: ['10.0.0.0'] }, {}, /sourceRanges\[0\] must be an IPv4 or IPv6 CIDR \(got '10.0.0.0'\)/],
    [{ provider: gke, sourceRanges: ['10.0.0.0/33'] }, {}, /sourceRanges\[0\] must be an IPv4 or IPv6 CIDR/],
    [{ provider: gke, name: 'Public_LB' }, {}, /MqttLoadBalancer 'public': name must be a DNS-1035 label/],
    [{ provider: gke, annotations: { 'cloud.google.com/l4-rbs': 'disabled' } }, {}, /annotations must not set an annotation that controls what the provider preset derives .* \(got 'cloud.google.com\/l4-rbs'\)/],
    [{ provider: gke, annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-listener-attributes.TCP-1883`]: 'tcp.idle_timeout.seconds=60' } }, {},
      /annotations must not set an annotation that controls what the provider preset derives/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-healthcheck-interval`]: '5' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.azure(), annotations: { [`${AZURE}-tcp-idle-timeout`]: '30' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.azure(), annotations: { 'service.beta.kubernetes.io/port_1883_health-probe_interval': 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.azure(), annotations: { [`${AZURE}-internal`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.azure(), annotations: { [`${AZURE}-health-probe-request-path`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.azure(), annotations: { [`${AZURE}-ipv4`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-scheme`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-proxy-protocol`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-eip-allocations`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb(), annotations: { [`${AWS}-private-ipv4-addresses`]: 'x' } }, {}, /annotations must not set an annotation that controls/],
    [{ provider: LoadBalancerProvider.awsNlb({ targetGroupAttributes: { 'preserve_client_ip.enabled': 'false' } }) }, {},
      /provider.targetGroupAttributes must not set an attribute the preset manages \(got 'preserve_client_ip.enabled'\)/],
    [{ provider: LoadBalancerProvider.awsNlb({ loadBalancerAttributes: { 'a,b': 'c' } }) }, {}, /provider.loadBalancerAttributes must map AWS attribute keys to plain values/],
    [{ provider: undefined as any }, {}, /MqttLoadBalancer 'public': provider must be a LoadBalancerProvider/],
    [{ provider: gke, annotations: { 'bad key': 'x' } }, {}, /annotations keys must be qualified names/],
    [{ provider: gke, labels: { team: 'a b' } }, {}, /labels\['team'\] must be a label value/],
    [{ provider: gke, externalTrafficPolicy: 'Sometimes' as TrafficPolicy }, {}, /externalTrafficPolicy must be one of 'Local', 'Cluster'/],
    [{ provider: {} as LoadBalancerProvider }, {}, /provider must be a LoadBalancerProvider/],
    [{ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(30) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 60 to 6000/],
    [{ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(7000) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 60 to 6000/],
    [{ provider: LoadBalancerProvider.awsNlb({ internalLoadBalancer: true, eipAllocations: ['eipalloc-1'] }) }, {}, /provider.eipAllocations only work with an internet-facing NLB/],
    [{ provider: LoadBalancerProvider.awsNlb({ eipAllocations: ['10.0.0.1'] }) }, {}, /provider.eipAllocations\[0\] must be an allocation id/],
    [{ provider: LoadBalancerProvider.awsNlb({ privateIpv4Addresses: ['10.0.0.1'] }) }, {}, /provider.privateIpv4Addresses only work with an internal NLB/],
    [{ provider: LoadBalancerProvider.awsNlb({ internalLoadBalancer: true, privateIpv4Addresses: ['10.0.0.300'] }) }, {}, /provider.privateIpv4Addresses\[0\] must be an IPv4 address/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(3) }) }, {}, /provider.idleTimeout must be whole minutes from 4 to 100 \(cloud-provider-azure\) \(got '3 minutes'\)/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(101) }) }, {}, /provider.idleTimeout must be whole minutes from 4 to 100/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.seconds(270) }) }, {}, /provider.idleTimeout must be whole minutes from 4 to 100 \(cloud-provider-azure\) \(got '4 minutes 30 seconds'\)/],
    [{ provider: LoadBalancerProvider.azure({ healthProbeInterval: Duration.seconds(4) }) }, {}, /provider.healthProbeInterval must be a whole number of seconds from 5 to 120/],
    [{ provider: LoadBalancerProvider.azure({ healthProbeInterval: Duration.seconds(60), healthProbeCount: 2 }) }, {}, /healthProbeInterval × healthProbeCount must stay under 120 s/],
    [{ provider: LoadBalancerProvider.azure({ healthProbeCount: 1 }) }, {}, /provider.healthProbeCount must be a whole number from 2 to 120 \(got 1\)/],
    [{ provider: LoadBalancerProvider.azure({ ipv4Address: 'my-ip' }) }, {}, /provider.ipv4Address must be an IPv4 address/],
    [{ provider: LoadBalancerProvider.gke({ ipAddressName: 'Not_A_Name' }) }, {}, /provider.ipAddressName must be a DNS-1035 label/],
    [{ provider: LoadBalancerProvider.generic({} as any) }, {}, /provider.idleTimeout is required for a generic load balancer/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(5) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 10 to 86400/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5), loadBalancerClass: 'metal lb' }) }, {}, /provider.loadBalancerClass must be a label-style name \(got 'metal lb'\)/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5), loadBalancerIp: '1.2.3' }) }, {}, /provider.loadBalancerIp must be an IP address/],
    // keep-alive coherence with values the user set
    [{ provider: LoadBalancerProvider.azure() }, { mqttMaxKeepAlive: Duration.seconds(300) },
      /MqttLoadBalancer 'public': HiveMQCluster 'broker' mqttMaxKeepAlive is 300 s, but MqttLoadBalancer 'public' drops connections idle for 240 s, so keep-alives must stay at or below 216 s \(a 10 % margin\)\. Set mqttMaxKeepAlive to Duration.seconds\(216\) or less/],
    [{ provider: LoadBalancerProvider.awsNlb() }, { tcpKeepAlive: { time: Duration.seconds(340) } },
      /HiveMQCluster 'broker' tcpKeepAlive.time is 340 s, but MqttLoadBalancer 'public' drops connections idle for 350 s, so keep-alives must stay at or below 315 s/],
    [{ provider: LoadBalancerProvider.gke() }, { tcpKeepAlive: { enabled: false } },
      /HiveMQCluster 'broker' has tcpKeepAlive switched off, so its pods keep the kernel's 7200 s keep-alive.*Enable tcpKeepAlive; on Kubernetes < 1.29 use tcpKeepAlive: \{ mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER \}/],
    [{ provider: LoadBalancerProvider.awsNlb() }, { tcpKeepAlive: { interval: Duration.seconds(600) } },
      /HiveMQCluster 'broker' tcpKeepAlive.interval is 600 s, but MqttLoadBalancer 'public' drops connections idle for 350 s/],
  ])('rule %#', (lb, cluster, message) => rejects(lb, cluster, message));

  test('cluster must be a HiveMQCluster', () => {
    expect(() => new MqttLoadBalancer(newChart(), 'x', { cluster: {} as HiveMQCluster, provider: LoadBalancerProvider.gke() }))
      .toThrow(/MqttLoadBalancer 'x': cluster must be a HiveMQCluster/);
  });
});

describe('keep-alive coherence for any input', () => {
  test('property: every packet gap of an idle connection stays at or below 90 % of every idle timeout, '
    + 'or the input is rejected naming both values', () => {
    const keep = fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined });
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 10, max: 6000 }), { minLength: 1, maxLength: 3 }), keep, keep, keep, fc.boolean(),
      (idles, mqtt, time, interval, enabled) => {
        const chart = newChart();
        const cluster = new HiveMQCluster(chart, 'broker', {
          mqttMaxKeepAlive: mqtt === undefined ? undefined : Duration.seconds(mqtt),
          tcpKeepAlive: enabled
            ? {
              time: time === undefined ? undefined : Duration.seconds(time),
              interval: interval === undefined ? undefined : Duration.seconds(interval),
            }
            : { enabled: false },
        });
        let rejected: string | undefined;
        try {
          idles.forEach((idle, i) => new MqttLoadBalancer(chart, `lb${i}`, {
            cluster, provider: LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(idle) }),
          }));
        } catch (e) {
          rejected = (e as Error).message;
        }
        const ceilingOf = (idle: number) => idle - Math.max(5, Math.ceil(idle * 0.1));
        if (rejected) {
          const [, lb, value] = /^MqttLoadBalancer '(lb\d)': .*?(?:is (\d+) s|switched off).*drops connections idle for (\d+) s/.exec(rejected) ?? [];
          expect(lb).toBeDefined();
          const ceiling = ceilingOf(idles[Number(lb.slice(2))]);
          if (!enabled) return;
          expect(Number(value)).toBeGreaterThan(ceiling);
          expect([mqtt, time, interval]).toContain(Number(value));
          return;
        }
        expect(enabled).toBe(true);
        const m = cluster._finalModel();
        const limit = Math.min(...idles.map(ceilingOf));
        for (const gap of [m.keepAlive.mqttMaxKeepAliveSeconds, m.keepAlive.tcp!.timeSeconds, m.keepAlive.tcp!.intervalSeconds]) {
          expect(gap).toBeLessThanOrEqual(limit);
        }
        if (mqtt !== undefined) expect(m.keepAlive.mqttMaxKeepAliveSeconds).toBe(mqtt);
        if (time !== undefined) expect(m.keepAlive.tcp!.timeSeconds).toBe(time);
        if (interval !== undefined) expect(m.keepAlive.tcp!.intervalSeconds).toBe(interval);
      },
    ), { numRuns: 300 });
  });
});

describe('MqttLoadBalancer inputs from JavaScript callers are checked before use', () => {
  const any = (x: unknown) => x as any;
  const build = (lb: Record<string, unknown>) => () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    new MqttLoadBalancer(chart, 'public', { cluster, ...any(lb) });
  };
  const aws = (options: Record<string, unknown>) => LoadBalancerProvider.awsNlb(any(options));

  test.each<[string, Record<string, unknown>, string]>([
    ['a provider option on the load balancer', { provider: aws({}), crossZone: false },
      'MqttLoadBalancer \'public\': crossZone is not an option here: it belongs to the provider\'s options: LoadBalancerProvider.awsNlb() (got '
      + '\'crossZone\'). Move it there, or remove it.'],
    ['an option of another provider', { provider: LoadBalancerProvider.gke(any({ idleTimeout: Duration.minutes(5) })) },
      'MqttLoadBalancer \'public\': provider.idleTimeout is not an option here: it belongs to LoadBalancerProvider.awsNlb() or '
      + 'LoadBalancerProvider.azure() or LoadBalancerProvider.generic(), not LoadBalancerProvider.gke() (got \'idleTimeout\'). Move it there, or '
      + 'remove it.'],
    ['a misspelled option', { provider: aws({ crosZone: true }) },
      'MqttLoadBalancer \'public\': provider.crosZone is not a known option of provider (got \'crosZone\'). Did you mean \'crossZone\'?'],
    ['a misspelled prop', { provider: aws({}), sourceRange: ['10.0.0.0/8'] },
      'MqttLoadBalancer \'public\': sourceRange is not a known option (got \'sourceRange\'). Did you mean \'sourceRanges\'?'],
    ['an enum as a plain string', { provider: aws({ targetType: 'IP' }) },
      'MqttLoadBalancer \'public\': provider.targetType must be one of \'ip\', \'instance\' (got \'IP\'). Use the enum member whose value is \'ip\' '
      + '(values are case-sensitive).'],
    ['a traffic policy as a plain string', { provider: aws({}), externalTrafficPolicy: 'local' },
      'MqttLoadBalancer \'public\': externalTrafficPolicy must be one of \'Local\', \'Cluster\' (got \'local\'). Use the enum member whose value is '
      + '\'Local\' (values are case-sensitive).'],
    ['a boolean as a string', { provider: aws({ internalLoadBalancer: 'false' }) },
      'MqttLoadBalancer \'public\': provider.internalLoadBalancer must be true or false (got \'false\'). '
      + 'Pass provider.internalLoadBalancer: true or provider.internalLoadBalancer: '
      + 'false, not a string.'],
    ['crossZone as a word', { provider: aws({ crossZone: 'no' }) },
      'MqttLoadBalancer \'public\': provider.crossZone must be true or false (got \'no\'). Pass provider.crossZone: true or provider.crossZone: '
      + 'false, not a string.'],
    ['proxyProtocol as a number', { provider: aws({ proxyProtocol: 1 }) },
      'MqttLoadBalancer \'public\': provider.proxyProtocol must be true or false (got 1).'],
    ['internal as a string on Azure', { provider: LoadBalancerProvider.azure(any({ internalLoadBalancer: 'true' })) },
      'MqttLoadBalancer \'public\': provider.internalLoadBalancer must be true or false (got \'true\').'],
    ['internal as a string on GKE', { provider: LoadBalancerProvider.gke(any({ internalLoadBalancer: 'yes' })) },
      'MqttLoadBalancer \'public\': provider.internalLoadBalancer must be true or false (got \'yes\').'],
    ['a NaN idle timeout', { provider: aws({ idleTimeout: Duration.seconds(NaN) }) },
      'MqttLoadBalancer \'public\': provider.idleTimeout must be a whole number of seconds from 60 to 6000 (got \'NaN seconds\'). Use '
      + 'Duration.seconds(n) with 60 <= n <= 6000.'],
    ['an infinite Azure idle timeout', { provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(Infinity) }) },
      'MqttLoadBalancer \'public\': provider.idleTimeout must be a whole number of seconds from 240 to 6000 (got \'Infinity minutes\').'],
    ['half a millisecond on Azure', { provider: LoadBalancerProvider.azure({ idleTimeout: Duration.millis(0.5) }) },
      'MqttLoadBalancer \'public\': provider.idleTimeout must be a whole number of seconds from 240 to 6000 (got \'0.5 millis\').'],
    ['a fractional probe count', { provider: LoadBalancerProvider.azure({ healthProbeCount: 2.5 }) },
      'MqttLoadBalancer \'public\': provider.healthProbeCount must be a whole number from 2 to 120 (got 2.5).'],
    ['a generic idle timeout that is no Duration', { provider: LoadBalancerProvider.generic(any({ idleTimeout: 300 })) },
      'MqttLoadBalancer \'public\': provider.idleTimeout must be a Duration (got 300). Use Duration.seconds(n) with 10 <= n <= 86400.'],
    ['an empty source range list', { provider: aws({}), sourceRanges: [] },
      'MqttLoadBalancer \'public\': sourceRanges must not be empty: Kubernetes reads an empty source range list as "from anywhere" (got []). '
      + 'Leave sourceRanges unset for the default, or list the CIDRs.'],
    ['an IPv4 prefix past /32', { provider: aws({}), sourceRanges: ['10.0.0.0/8', '203.0.113.0/40'] },
      'MqttLoadBalancer \'public\': sourceRanges[1] must be an IPv4 or IPv6 CIDR (got \'203.0.113.0/40\'). Use e.g. \'203.0.113.0/24\' (IPv4 '
      + 'prefixes stop at /32, IPv6 at /128).'],
    ['a source range that is no string', { provider: aws({}), sourceRanges: [10] },
      'MqttLoadBalancer \'public\': sourceRanges[0] must be an IPv4 or IPv6 CIDR (got 10).'],
    ['source ranges as one string', { provider: aws({}), sourceRanges: '10.0.0.0/8' },
      'MqttLoadBalancer \'public\': sourceRanges must be a list of CIDRs (got \'10.0.0.0/8\'). Pass e.g. [\'203.0.113.0/24\'].'],
    ['an annotation key that is no qualified name', { provider: aws({}), annotations: { 'example.com/a/b': 'x' } },
      'MqttLoadBalancer \'public\': annotations keys must be qualified names'],
    ['an annotation value that is no string', { provider: aws({}), annotations: { 'example.com/ttl': 60 } },
      'MqttLoadBalancer \'public\': annotations[\'example.com/ttl\'] must be a string (got 60). Quote it: \'60\'.'],
    ['a managed app.kubernetes.io label', { provider: aws({}), labels: { 'app.kubernetes.io/component': 'edge' } },
      'MqttLoadBalancer \'public\': labels must not set the labels the library manages (they would be overwritten) (got '
      + '\'app.kubernetes.io/component\'). Remove the key; the library sets it.'],
    ['a label value that is no label value', { provider: aws({}), labels: { team: 'iot platform' } },
      'MqttLoadBalancer \'public\': labels[\'team\'] must be a label value'],
    ['a label key that is no qualified name', { provider: aws({}), labels: { 'team name': 'iot' } },
      'MqttLoadBalancer \'public\': labels keys must be qualified names'],
    ['EIP allocations as one string', { provider: aws({ eipAllocations: 'eipalloc-0123abcd' }) },
      'MqttLoadBalancer \'public\': provider.eipAllocations must be a non-empty list of strings (got \'eipalloc-0123abcd\').'],
    ['attributes as a string', { provider: aws({ loadBalancerAttributes: 'access_logs.s3.enabled=true' }) },
      'MqttLoadBalancer \'public\': provider.loadBalancerAttributes must be an object of AWS attribute keys and values'],
    ['a load balancer class that is no string',
      { provider: LoadBalancerProvider.generic(any({ idleTimeout: Duration.minutes(5), loadBalancerClass: 1 })) },
      'MqttLoadBalancer \'public\': provider.loadBalancerClass must be a label-style name (got 1).'],
    ['generic() without options', { provider: LoadBalancerProvider.generic(any(undefined)) },
      'MqttLoadBalancer \'public\': provider.idleTimeout is required for a generic load balancer (got undefined).'],
    ['options that are no object', { provider: LoadBalancerProvider.awsNlb(any([])) },
      'MqttLoadBalancer \'public\': provider must be an object (got []).'],
    ['listeners as one string', { provider: aws({}), listeners: 'mqtt' },
      'MqttLoadBalancer \'public\': listeners must be a list of listener names (got \'mqtt\').'],
  ])('%s is refused', (_case, lb, message) => {
    expect(build(lb)).toThrow(message);
  });

  test('a label the cluster sets with another value is refused; the same value is accepted', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { labels: { team: 'iot' } });
    expect(() => new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke(), labels: { team: 'edge' } })).toThrow(
      'MqttLoadBalancer \'public\': labels[\'team\'] differs from the label HiveMQCluster \'broker\' sets on all its objects (\'iot\'), which would '
      + 'overwrite it (got \'edge\'). Remove the key here, or change it in the cluster\'s labels.');
    new MqttLoadBalancer(chart, 'same', { cluster, provider: LoadBalancerProvider.gke(), labels: { team: 'iot', tier: 'edge' } });
    const service = find(Testing.synth(chart) as Manifest[], 'Service', 'broker-same');
    expect(service.metadata.labels).toMatchObject({ team: 'iot', tier: 'edge', 'app.kubernetes.io/component': 'load-balancer' });
  });

  test('a boolean false is written as false, not dropped', () => {
    const { service } = synth({ provider: LoadBalancerProvider.awsNlb({ crossZone: false, internalLoadBalancer: false }) });
    expect(service.metadata.annotations[`${AWS}-attributes`]).toBe('load_balancing.cross_zone.enabled=false');
    expect(service.metadata.annotations[`${AWS}-scheme`]).toBe('internet-facing');
  });
});

describe('MqttLoadBalancer in operator mode', () => {
  test('a load balancer without annotations writes no annotations key into the HiveMQPlatform (the CRD refuses null)', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }) });
    new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5) }) });
    const manifests = Testing.synth(chart) as Manifest[];
    validateKubernetes(manifests);
    const entry = find(manifests, 'HiveMQPlatform', 'broker').spec.services.find((s: any) => s.metadata.name === 'broker-public');
    expect(entry.metadata).toEqual({ name: 'broker-public', labels: expect.objectContaining({ 'app.kubernetes.io/component': 'load-balancer' }) });
    expect('annotations' in entry.metadata).toBe(false);
  });
});

describe('Service ports other than the listeners\' (ports)', () => {
  const keystore = Keystore.fromSecret({ secretName: 'tls', password: { name: 'pw', key: 'password' } });
  const twoListeners: HiveMQClusterProps = { listeners: [MqttListener.tcp(), MqttListener.tls({ keystore })] };

  test('443 → 8883: the Service port moves, targetPort stays the listener\'s named container port', () => {
    const { service, manifests } = synth({ provider: LoadBalancerProvider.gke(), ports: { mqtts: 443 } }, twoListeners);
    expect(service.spec.ports).toEqual([
      { name: 'mqtt', port: 1883, targetPort: 'mqtt', protocol: 'TCP' },
      { name: 'mqtts', port: 443, targetPort: 'mqtts', protocol: 'TCP' },
    ]);
    const containerPorts = find(manifests, 'StatefulSet', 'broker').spec.template.spec.containers
      .find((container: any) => container.name === 'hivemq').ports;
    expect(containerPorts).toContainEqual(expect.objectContaining({ name: 'mqtts', containerPort: 8883 }));
  });

  test('the AWS per-listener idle timeout annotations are keyed by the Service port; the health check stays on the pod\'s health port', () => {
    const { service } = synth({ provider: LoadBalancerProvider.awsNlb(), ports: { mqtts: 443, mqtt: 8883 } }, twoListeners);
    expect(service.spec.ports.map((port: any) => [port.port, port.targetPort])).toEqual([[8883, 'mqtt'], [443, 'mqtts']]);
    const listenerAttributes = Object.keys(service.metadata.annotations).filter((key) => key.startsWith(`${AWS}-listener-attributes.`));
    expect(listenerAttributes.sort()).toEqual([`${AWS}-listener-attributes.TCP-443`, `${AWS}-listener-attributes.TCP-8883`]);
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-443`]).toBe('tcp.idle_timeout.seconds=350');
    expect(service.metadata.annotations[`${AWS}-healthcheck-port`]).toBe('8889');
  });

  test('with PROXY protocol the AWS health check uses traffic-port, which follows the targetPort', () => {
    const { service } = synth({ provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true }), ports: { mqtt: 443 } },
      { listeners: [MqttListener.tcp({ proxyProtocol: true })] });
    expect(service.spec.ports).toEqual([{ name: 'mqtt', port: 443, targetPort: 'mqtt', protocol: 'TCP' }]);
    expect(service.metadata.annotations[`${AWS}-healthcheck-port`]).toBe('traffic-port');
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-443`]).toBe('tcp.idle_timeout.seconds=350');
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-1883`]).toBeUndefined();
  });

  test('operator mode: the spec.services entry carries the Service port', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { ...twoListeners, mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }) });
    new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb(), listeners: ['mqtts'], ports: { mqtts: 443 } });
    const manifests = Testing.synth(chart) as Manifest[];
    validateKubernetes(manifests);
    const entry = find(manifests, 'HiveMQPlatform', 'broker').spec.services.find((s: any) => s.metadata.name === 'broker-public');
    expect(entry.spec.ports).toEqual([{ name: 'mqtts', port: 443, targetPort: 'mqtts', protocol: 'TCP' }]);
    expect(entry.metadata.annotations[`${AWS}-listener-attributes.TCP-443`]).toBe('tcp.idle_timeout.seconds=350');
  });

  const gke = LoadBalancerProvider.gke();
  const js = (value: unknown): any => value;
  test.each<[string, LbProps, string]>([
    ['an unknown listener', { provider: gke, ports: { wss: 443 } },
      'MqttLoadBalancer \'public\': ports must name listeners this load balancer exposes (\'mqtt\', \'mqtts\') (got \'wss\'). '
      + 'Name one of them, or add the listener to listeners.'],
    ['a listener of the cluster this load balancer does not expose', { provider: gke, listeners: ['mqtt'], ports: { mqtts: 443 } },
      'MqttLoadBalancer \'public\': ports must name listeners this load balancer exposes (\'mqtt\') (got \'mqtts\'). '
      + 'Name one of them, or add the listener to listeners.'],
    ['port 0', { provider: gke, ports: { mqtts: 0 } },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] must be a whole number from 1 to 65535 (got 0). '
      + 'Set ports[\'mqtts\'] to a whole number from 1 to 65535.'],
    ['port 65536', { provider: gke, ports: { mqtts: 65536 } },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] must be a whole number from 1 to 65535 (got 65536). '
      + 'Set ports[\'mqtts\'] to a whole number from 1 to 65535.'],
    ['a fractional port', { provider: gke, ports: { mqtts: 443.5 } },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] must be a whole number from 1 to 65535 (got 443.5). '
      + 'Set ports[\'mqtts\'] to a whole number from 1 to 65535.'],
    ['a port as a string', { provider: gke, ports: js({ mqtts: '443' }) },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] must be a whole number from 1 to 65535 (got \'443\'). '
      + 'Set ports[\'mqtts\'] to a whole number from 1 to 65535.'],
    ['a listener moved onto another listener\'s port', { provider: gke, ports: { mqtts: 1883 } },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] puts listeners \'mqtt\' and \'mqtts\' on the same Service port (got 1883). '
      + 'Give each listener its own Service port.'],
    ['two listeners moved onto one port', { provider: gke, ports: { mqtt: 443, mqtts: 443 } },
      'MqttLoadBalancer \'public\': ports[\'mqtts\'] puts listeners \'mqtt\' and \'mqtts\' on the same Service port (got 443). '
      + 'Give each listener its own Service port.'],
    ['a misspelled prop', js({ provider: gke, port: { mqtts: 443 } }),
      'MqttLoadBalancer \'public\': port is not a known option (got \'port\'). Did you mean \'ports\'?'],
    ['a list instead of a map', { provider: gke, ports: js([443]) },
      'MqttLoadBalancer \'public\': ports must be an object mapping listener names to Service ports (got [443]). Pass e.g. { mqtts: 443 }.'],
  ])('refuses %s with the library\'s message', (_, props, message) => {
    expect(() => synth(props, twoListeners)).toThrow(message);
  });
});
