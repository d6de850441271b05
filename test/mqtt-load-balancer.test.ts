import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AwsTargetType, HiveMQCluster, HiveMQClusterProps, LoadBalancerProvider, MqttListener, MqttLoadBalancer, MqttLoadBalancerProps, Placement, TrafficPolicy,
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
  const service = find(manifests, 'Service', balancer.service.name);
  const xml: string = find(manifests, 'ConfigMap', 'broker-config').data['config.xml'];
  const sysctls = find(manifests, 'StatefulSet', 'broker').spec.template.spec.securityContext.sysctls;
  const keepAlive = {
    mqtt: Number(/<max-keep-alive>(\d+)<\/max-keep-alive>/.exec(xml)![1]),
    tcp: sysctls ? Number(sysctls.find((s: any) => s.name === 'net.ipv4.tcp_keepalive_time').value) : undefined,
  };
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
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300 });
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
    });
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300 }); // 350 s - 35 s margin = 315 s: the defaults fit
  });

  test('AWS NLB instance targets: Local leaves the health check to healthCheckNodePort, Cluster checks the traffic port', () => {
    const local = synth({ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE, crossZone: false, internal: true }) });
    expect(local.service.metadata.annotations).toEqual({
      [`${AWS}-type`]: 'external',
      [`${AWS}-nlb-target-type`]: 'instance',
      [`${AWS}-scheme`]: 'internal',
      [`${AWS}-attributes`]: 'load_balancing.cross_zone.enabled=false',
    });
    const cluster = synth({ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE }), externalTrafficPolicy: TrafficPolicy.CLUSTER });
    expect(cluster.service.metadata.annotations).toMatchObject({ [`${AWS}-healthcheck-protocol`]: 'tcp', [`${AWS}-healthcheck-port`]: 'traffic-port' });
    expect(cluster.service.spec.externalTrafficPolicy).toBe('Cluster');
  });

  test('AWS NLB idle timeout: a listener attribute per exposed port, keep-alives derived below it', () => {
    const { service, keepAlive } = synth({ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(120) }) },
      { listeners: [MqttListener.tcp(), MqttListener.websocket()] });
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-1883`]).toBe('tcp.idle_timeout.seconds=120');
    expect(service.metadata.annotations[`${AWS}-listener-attributes.TCP-8000`]).toBe('tcp.idle_timeout.seconds=120');
    expect(keepAlive).toEqual({ mqtt: 108, tcp: 108 }); // 120 s - 12 s
  });

  test('AWS NLB PROXY protocol v2 with PROXY listeners, and static addresses', () => {
    const { service, cluster } = synth({
      provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true, eipAllocations: ['eipalloc-0a1', 'eipalloc-0b2'] }),
    }, { listeners: [MqttListener.tcp(), MqttListener.tcp({ name: 'mqtt-proxy', port: 1884, proxyProtocol: true })] });
    expect(service.metadata.annotations[`${AWS}-proxy-protocol`]).toBe('*');
    expect(service.metadata.annotations[`${AWS}-eip-allocations`]).toBe('eipalloc-0a1,eipalloc-0b2');
    expect(service.spec.ports).toEqual([{ name: 'mqtt-proxy', port: 1884, targetPort: 'mqtt-proxy', protocol: 'TCP' }]);
    expect(cluster.configXml).toContain('<proxy-protocol>true</proxy-protocol>');
    const internal = synth({ provider: LoadBalancerProvider.awsNlb({ internal: true, privateIpv4Addresses: ['10.0.1.15', '10.0.2.15'] }) });
    expect(internal.service.metadata.annotations[`${AWS}-private-ipv4-addresses`]).toBe('10.0.1.15,10.0.2.15');
  });

  test('Azure defaults: 4 minute idle timeout, default probes; keep-alives derived to 216 s', () => {
    const { service, keepAlive } = synth({ provider: LoadBalancerProvider.azure() });
    expect(service.metadata.annotations).toEqual({
      [`${AZURE}-tcp-idle-timeout`]: '4',
      [`${AZURE}-health-probe-interval`]: '5',
      [`${AZURE}-health-probe-num-of-probe`]: '2',
    });
    expect(keepAlive).toEqual({ mqtt: 216, tcp: 216 });
  });

  test('Azure options: internal, 30 minutes, probes, static address', () => {
    const { service, keepAlive } = synth({
      provider: LoadBalancerProvider.azure({
        internal: true, idleTimeout: Duration.minutes(30), healthProbeInterval: Duration.seconds(10), healthProbeCount: 3, ipv4Address: '10.1.2.3',
      }),
    });
    expect(service.metadata.annotations).toEqual({
      [`${AZURE}-tcp-idle-timeout`]: '30',
      [`${AZURE}-health-probe-interval`]: '10',
      [`${AZURE}-health-probe-num-of-probe`]: '3',
      [`${AZURE}-internal`]: 'true',
      [`${AZURE}-ipv4`]: '10.1.2.3',
    });
    expect(keepAlive).toEqual({ mqtt: 300, tcp: 300 });
  });

  test('GKE: external backend-service NLB or internal, static address by name', () => {
    expect(synth({ provider: LoadBalancerProvider.gke() }).service.metadata.annotations).toEqual({ 'cloud.google.com/l4-rbs': 'enabled' });
    expect(synth({ provider: LoadBalancerProvider.gke({ internal: true, ipAddressName: 'mqtt-ip' }) }).service.metadata.annotations).toEqual({
      'networking.gke.io/load-balancer-type': 'Internal', 'networking.gke.io/load-balancer-ip-addresses': 'mqtt-ip',
    });
  });

  test('generic: class, address, annotations passed through, the stated idle timeout', () => {
    const { service, keepAlive } = synth({
      provider: LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(60), loadBalancerClass: 'metallb.io/metallb', loadBalancerIp: '192.0.2.10' }),
      annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
    });
    expect(service.metadata.annotations).toEqual({ 'metallb.io/loadBalancerIPs': '192.0.2.10' });
    expect(service.spec).toMatchObject({ loadBalancerClass: 'metallb.io/metallb', loadBalancerIP: '192.0.2.10' });
    expect(keepAlive).toEqual({ mqtt: 54, tcp: 54 });
  });
});

describe('MqttLoadBalancer options', () => {
  test('listeners by name, source ranges, name, labels', () => {
    const { service } = synth({
      provider: LoadBalancerProvider.gke(), listeners: ['ws'], sourceRanges: ['203.0.113.0/24', '2001:db8::/32'], name: 'mqtt-ws', labels: { team: 'iot' },
    }, { listeners: [MqttListener.tcp(), MqttListener.websocket()] });
    expect(service.metadata.name).toBe('mqtt-ws');
    expect(service.metadata.labels.team).toBe('iot');
    expect(service.spec.ports).toEqual([{ name: 'ws', port: 8000, targetPort: 'ws', protocol: 'TCP' }]);
    expect(service.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  });

  test('several load balancers per cluster: distinct names, the tightest idle timeout wins for derived keep-alives', () => {
    const { manifests, keepAlive } = synth({ provider: LoadBalancerProvider.awsNlb() }, {}, [{ provider: LoadBalancerProvider.azure({ internal: true }) }]);
    expect(manifests.filter((m) => m.spec?.type === 'LoadBalancer').map((m) => m.metadata.name).sort()).toEqual(['broker-lb0', 'broker-public']);
    expect(keepAlive).toEqual({ mqtt: 216, tcp: 216 });
  });

  test('Cluster traffic policy works with preferred anti-affinity', () => {
    const { service } = synth({ provider: LoadBalancerProvider.azure(), externalTrafficPolicy: TrafficPolicy.CLUSTER }, { antiAffinity: Placement.PREFERRED });
    expect(service.spec.externalTrafficPolicy).toBe('Cluster');
  });

  test('AWS IP targets bypass the nodes, so Local needs no one-broker-per-node rule', () => {
    expect(() => synth({ provider: LoadBalancerProvider.awsNlb() }, { antiAffinity: Placement.NONE })).not.toThrow();
  });

  test('explicit keep-alives below the ceiling are kept', () => {
    const { keepAlive } = synth({ provider: LoadBalancerProvider.azure() }, { mqttMaxKeepAlive: Duration.seconds(60), tcpKeepAlive: { time: Duration.seconds(120) } });
    expect(keepAlive).toEqual({ mqtt: 60, tcp: 120 });
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
    [{ provider: LoadBalancerProvider.awsNlb({ proxyProtocol: true, targetType: AwsTargetType.INSTANCE }) }, { listeners: [MqttListener.tcp({ proxyProtocol: true })] },
      /proxyProtocol with targetType INSTANCE and externalTrafficPolicy Local breaks the NLB's HTTP health checks/],
    [{ provider: gke, sourceRanges: ['10.0.0.0'] }, {}, /sourceRanges\[0\] must be an IPv4 or IPv6 CIDR \(got '10.0.0.0'\)/],
    [{ provider: gke, sourceRanges: ['10.0.0.0/33'] }, {}, /sourceRanges\[0\] must be an IPv4 or IPv6 CIDR/],
    [{ provider: gke, name: 'Public_LB' }, {}, /MqttLoadBalancer 'public': name must be a DNS-1035 label/],
    [{ provider: gke, annotations: { 'cloud.google.com/l4-rbs': 'disabled' } }, {}, /annotations must not set an annotation the provider preset writes \(got 'cloud.google.com\/l4-rbs'\)/],
    [{ provider: gke, annotations: { 'bad key': 'x' } }, {}, /annotations keys must be qualified names/],
    [{ provider: gke, labels: { team: 'a b' } }, {}, /labels\['team'\] must be a label value/],
    [{ provider: gke, externalTrafficPolicy: 'Sometimes' as TrafficPolicy }, {}, /externalTrafficPolicy must be one of 'Local', 'Cluster'/],
    [{ provider: {} as LoadBalancerProvider }, {}, /provider must be a LoadBalancerProvider/],
    [{ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(30) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 60 to 6000/],
    [{ provider: LoadBalancerProvider.awsNlb({ idleTimeout: Duration.seconds(7000) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 60 to 6000/],
    [{ provider: LoadBalancerProvider.awsNlb({ internal: true, eipAllocations: ['eipalloc-1'] }) }, {}, /provider.eipAllocations only work with an internet-facing NLB/],
    [{ provider: LoadBalancerProvider.awsNlb({ eipAllocations: ['10.0.0.1'] }) }, {}, /provider.eipAllocations\[0\] must be an allocation id/],
    [{ provider: LoadBalancerProvider.awsNlb({ privateIpv4Addresses: ['10.0.0.1'] }) }, {}, /provider.privateIpv4Addresses only work with an internal NLB/],
    [{ provider: LoadBalancerProvider.awsNlb({ internal: true, privateIpv4Addresses: ['10.0.0.300'] }) }, {}, /provider.privateIpv4Addresses\[0\] must be an IPv4 address/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(3) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 240 to 6000/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(101) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 240 to 6000/],
    [{ provider: LoadBalancerProvider.azure({ idleTimeout: Duration.seconds(270) }) }, {}, /provider.idleTimeout must be whole minutes \(got '270s'\)/],
    [{ provider: LoadBalancerProvider.azure({ healthProbeInterval: Duration.seconds(60), healthProbeCount: 2 }) }, {}, /healthProbeInterval × healthProbeCount must stay under 120 s/],
    [{ provider: LoadBalancerProvider.azure({ healthProbeCount: 0 }) }, {}, /provider.healthProbeCount must be a whole number from 1 to 120/],
    [{ provider: LoadBalancerProvider.azure({ ipv4Address: 'my-ip' }) }, {}, /provider.ipv4Address must be an IPv4 address/],
    [{ provider: LoadBalancerProvider.gke({ ipAddressName: 'Not_A_Name' }) }, {}, /provider.ipAddressName must be a DNS-1035 label/],
    [{ provider: LoadBalancerProvider.generic({} as any) }, {}, /provider.idleTimeout is required for a generic load balancer/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(5) }) }, {}, /provider.idleTimeout must be a whole number of seconds from 10 to 86400/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5), loadBalancerClass: 'metallb' }) }, {}, /provider.loadBalancerClass must be a label-style name with a prefix/],
    [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5), loadBalancerIp: '1.2.3' }) }, {}, /provider.loadBalancerIp must be an IP address/],
    // keep-alive coherence with values the user set
    [{ provider: LoadBalancerProvider.azure() }, { mqttMaxKeepAlive: Duration.seconds(300) },
      /MqttLoadBalancer 'public': HiveMQCluster 'broker' mqttMaxKeepAlive is 300 s, but MqttLoadBalancer 'public' drops connections idle for 240 s, so keep-alives must stay at or below 216 s \(a 10 % margin\)\. Set mqttMaxKeepAlive to Duration.seconds\(216\) or less/],
    [{ provider: LoadBalancerProvider.awsNlb() }, { tcpKeepAlive: { time: Duration.seconds(340) } },
      /HiveMQCluster 'broker' tcpKeepAlive.time is 340 s, but MqttLoadBalancer 'public' drops connections idle for 350 s, so keep-alives must stay at or below 315 s/],
    [{ provider: LoadBalancerProvider.gke() }, { tcpKeepAlive: { enabled: false } },
      /HiveMQCluster 'broker' has tcpKeepAlive switched off, so its pods keep the kernel's 7200 s keep-alive.*Enable tcpKeepAlive \(on Kubernetes < 1.29 allow the net.ipv4.tcp_keepalive_\* sysctls with the kubelet flag --allowed-unsafe-sysctls\)/],
  ])('rule %#', (lb, cluster, message) => rejects(lb, cluster, message));

  test('cluster must be a HiveMQCluster', () => {
    expect(() => new MqttLoadBalancer(newChart(), 'x', { cluster: {} as HiveMQCluster, provider: LoadBalancerProvider.gke() }))
      .toThrow(/MqttLoadBalancer 'x': cluster must be a HiveMQCluster/);
  });
});

describe('keep-alive coherence for any input', () => {
  test('property: the output keeps both keep-alives at or below 90 % of every idle timeout, or the input is rejected naming both values', () => {
    const keep = fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined });
    fc.assert(fc.property(fc.array(fc.integer({ min: 60, max: 6000 }), { minLength: 1, maxLength: 3 }), keep, keep, (idles, mqtt, tcp) => {
      const chart = newChart();
      const cluster = new HiveMQCluster(chart, 'broker', {
        mqttMaxKeepAlive: mqtt === undefined ? undefined : Duration.seconds(mqtt),
        tcpKeepAlive: tcp === undefined ? undefined : { time: Duration.seconds(tcp) },
      });
      try {
        idles.forEach((idle, i) => new MqttLoadBalancer(chart, `lb${i}`, { cluster, provider: LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(idle) }) }));
      } catch (e) {
        const msg = (e as Error).message;
        expect(msg).toMatch(/(mqttMaxKeepAlive|tcpKeepAlive.time) is \d+ s, but MqttLoadBalancer 'lb\d' drops connections idle for \d+ s/);
        const min = Math.min(...idles);
        expect((mqtt ?? 0) > min * 0.9 || (tcp ?? 0) > min * 0.9).toBe(true);
        return;
      }
      const m = cluster.model;
      const limit = Math.min(...idles) * 0.9;
      expect(m.mqttMaxKeepAliveSeconds).toBeLessThanOrEqual(limit);
      expect(m.tcpKeepAlive!.timeSeconds).toBeLessThanOrEqual(limit);
      if (mqtt !== undefined) expect(m.mqttMaxKeepAliveSeconds).toBe(mqtt);
      if (tcp !== undefined) expect(m.tcpKeepAlive!.timeSeconds).toBe(tcp);
    }), { numRuns: 300 });
  });
});
