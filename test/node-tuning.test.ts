import { Duration, Testing } from 'cdk8s';
import { HiveMQCluster, HiveMQClusterProps, NodeTuning } from '../lib';
import { find, Manifest, newChart, validateKubernetes } from './util';

function synthAll(props: Partial<ConstructorParameters<typeof NodeTuning>[2]> = {}, clusterProps: HiveMQClusterProps = {}): Manifest[] {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', {
    nodeSelector: { pool: 'mqtt' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'mqtt', effect: 'NoSchedule' }], ...clusterProps,
  });
  new NodeTuning(chart, 'tuning', { cluster, conntrackMax: 1_048_576, ...props });
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests);
  return manifests;
}

function synth(props: Partial<ConstructorParameters<typeof NodeTuning>[2]> = {}) {
  return find(synthAll(props), 'DaemonSet', (props.name as string) ?? 'broker-node-tuning');
}

describe('NodeTuning', () => {
  test('a privileged host-network DaemonSet on every node that keeps writing the conntrack sysctls', () => {
    const ds = synth();
    const pod = ds.spec.template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    const c = pod.containers[0];
    expect(c.image).toBe('busybox:1.37.0');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.securityContext).toEqual({ privileged: true, runAsUser: 0, readOnlyRootFilesystem: true });
    expect(c.env).toEqual([{ name: 'SETTINGS', value: 'net.netfilter.nf_conntrack_max=1048576' }]);
    expect(c.command).toEqual(['/bin/sh', '-c', 'set -eu; while true; do for s in $SETTINGS; do sysctl -w "$s"; done; sleep 300; done']);
    expect(c.resources.requests).toEqual(c.resources.limits);
    expect(ds.metadata.labels['app.kubernetes.io/part-of']).toBe('broker');
  });

  test('onlyBrokerNodes follows the cluster\'s nodeSelector and tolerations', () => {
    const pod = synth({ onlyBrokerNodes: true }).spec.template.spec;
    expect(pod.nodeSelector).toEqual({ pool: 'mqtt' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'mqtt', effect: 'NoSchedule' }]);
  });

  test('the established-connection timeout is an idle timeout: unset keep-alives are lowered below it', () => {
    const manifests = synthAll({ conntrackTcpTimeoutEstablished: Duration.seconds(300) });
    // 300 s - max(5, 30) = 270 s
    expect(find(manifests, 'StatefulSet', 'broker').spec.template.spec.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.tcp_keepalive_time', value: '270' },
      { name: 'net.ipv4.tcp_keepalive_intvl', value: '270' },
      { name: 'net.ipv4.tcp_keepalive_probes', value: '2' },
    ]);
    expect(find(manifests, 'ConfigMap', 'broker-config').data['config.xml']).toContain('<max-keep-alive>270</max-keep-alive>');
    // a long timeout changes nothing
    expect(find(synthAll({ conntrackTcpTimeoutEstablished: Duration.hours(1) }), 'ConfigMap', 'broker-config').data['config.xml'])
      .toContain('<max-keep-alive>300</max-keep-alive>');
  });

  test.each([
    [{ tcpKeepAlive: { time: Duration.seconds(600) } },
      /NodeTuning 'tuning': HiveMQCluster 'broker' tcpKeepAlive.time is 600 s, but NodeTuning 'tuning' drops connections idle for 300 s, so keep-alives must stay at or below 270 s .*or raise the idle timeout of NodeTuning 'tuning'/],
    [{ mqttMaxKeepAlive: Duration.seconds(300) },
      /NodeTuning 'tuning': HiveMQCluster 'broker' mqttMaxKeepAlive is 300 s, but NodeTuning 'tuning' drops connections idle for 300 s/],
    [{ tcpKeepAlive: { enabled: false } },
      /NodeTuning 'tuning': HiveMQCluster 'broker' has tcpKeepAlive switched off, so its pods keep the kernel's 7200 s keep-alive/],
  ])('keep-alives set explicitly above the established timeout are rejected: %o', (clusterProps, message) => {
    expect(() => synthAll({ conntrackTcpTimeoutEstablished: Duration.seconds(300) }, clusterProps as HiveMQClusterProps)).toThrow(message);
  });

  test('with tcpKeepAlive off, an established timeout above the kernel\'s 7200 s keep-alive (and its margin) is accepted', () => {
    expect(() => synthAll({ conntrackTcpTimeoutEstablished: Duration.hours(3) }, { tcpKeepAlive: { enabled: false } })).not.toThrow();
    expect(() => synthAll({ conntrackTcpTimeoutEstablished: Duration.hours(2) }, { tcpKeepAlive: { enabled: false } })).toThrow(/switched off/);
  });

  test('cluster must be a HiveMQCluster', () => {
    expect(() => new NodeTuning(newChart(), 't', { cluster: {} as HiveMQCluster,
      conntrackMax: 100000 })).toThrow(/NodeTuning 't': cluster must be a HiveMQCluster/);
  });

  test('established timeout, interval, image and name', () => {
    const c = synth({ conntrackTcpTimeoutEstablished: Duration.hours(2), reapplyInterval: Duration.minutes(1),
      image: 'mirror.example.com/busybox:1.37.0', name: 'tune' })
      .spec.template.spec.containers[0];
    expect(c.env[0].value).toBe('net.netfilter.nf_conntrack_max=1048576 net.netfilter.nf_conntrack_tcp_timeout_established=7200');
    expect(c.command[2]).toContain('sleep 60');
    expect(c.image).toBe('mirror.example.com/busybox:1.37.0');
  });

  test.each([
    [{ conntrackMax: 1000 }, /NodeTuning 'tuning': conntrackMax must be a whole number from 65536 to 2147483647 \(got 1000\)/],
    [{ conntrackTcpTimeoutEstablished: Duration.seconds(10) }, /conntrackTcpTimeoutEstablished must be a whole number of seconds from 60 to 432000/],
    [{ reapplyInterval: Duration.seconds(1) }, /reapplyInterval must be a whole number of seconds from 10 to 86400/],
    [{ image: 'Busy Box' }, /image must be an image reference/],
    [{ name: 'Tune' }, /name must be a DNS-1035 label/],
  ])('%o is rejected', (props, message) => expect(() => synth(props as any)).toThrow(message));
});

describe('NodeTuning inputs from JavaScript callers are checked before use', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a misspelled prop', { conntrackMx: 2_000_000 },
      'NodeTuning \'tuning\': conntrackMx is not a known option (got \'conntrackMx\'). Did you mean \'conntrackMax\'?'],
    ['a cluster prop given here', { tolerations: [] },
      'NodeTuning \'tuning\': tolerations is not an option here: it belongs to HiveMQClusterProps (set onlyBrokerNodes: true to follow them) (got '
        + '\'tolerations\'). Move it there, or remove it.'],
    ['onlyBrokerNodes as a string', { onlyBrokerNodes: 'true' },
      'NodeTuning \'tuning\': onlyBrokerNodes must be true or false (got \'true\'). Pass onlyBrokerNodes: true or onlyBrokerNodes: false, not a '
        + 'string.'],
    ['a NaN table size', { conntrackMax: NaN }, 'NodeTuning \'tuning\': conntrackMax must be a whole number from 65536 to 2147483647 (got NaN).'],
    ['a fractional table size', { conntrackMax: 1_048_576.5 },
      'NodeTuning \'tuning\': conntrackMax must be a whole number from 65536 to 2147483647 (got 1048576.5).'],
    ['an infinite interval', { reapplyInterval: Duration.minutes(Infinity) },
      'NodeTuning \'tuning\': reapplyInterval must be a whole number of seconds from 10 to 86400 (got \'Infinity minutes\').'],
    ['a timeout that is no Duration', { conntrackTcpTimeoutEstablished: 3600 },
      'NodeTuning \'tuning\': conntrackTcpTimeoutEstablished must be a Duration (got 3600).'],
    ['an image without tag', { image: 'busybox' },
      'NodeTuning \'tuning\': image must pin a version with a tag or digest: without one the runtime pulls \'latest\', which moves (got '
        + '\'busybox\'). Use e.g. \'busybox:1.37.0\'.'],
    ['an image on latest', { image: 'registry.example.com:5000/busybox:latest' },
      'NodeTuning \'tuning\': image must pin a version: the tag \'latest\' moves, and pods of one workload would run different images (got '
        + '\'registry.example.com:5000/busybox:latest\').'],
  ])('%s is refused', (_case, props, message) => expect(() => synth(props as any)).toThrow(message));

  test('a registry port is no tag, a digest pins the image', () => {
    expect(() => synth({ image: 'registry.example.com:5000/busybox' })).toThrow(/image must pin a version with a tag or digest/);
    const digest = `registry.example.com:5000/busybox@sha256:${'a'.repeat(64)}`;
    expect(synth({ image: digest }).spec.template.spec.containers[0].image).toBe(digest);
  });

  test('a refused node tuning leaves the cluster\'s keep-alives as they were', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    expect(() => new NodeTuning(chart, 'tuning', { cluster, conntrackMax: 1_048_576, conntrackTcpTimeoutEstablished: Duration.seconds(120),
      image: 'busybox' }))
      .toThrow(/image must pin a version/);
    expect(cluster._finalModel().keepAlive.mqttMaxKeepAliveSeconds).toBe(300);
  });
});
