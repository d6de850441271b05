// Every input is validated before use: one failing input per class of mistake, with the exact message, and the valid
// neighbour of each rule still synthesizing (and passing the independent Kubernetes validator in synthCluster).
import { Duration, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import {
  ClientAuthentication, DeploymentMode, ExtensionSource, HiveMQCluster, HiveMQClusterProps, Keystore, MqttListener, PvcRetention, StorageProfile,
  StorageSizing, TcpKeepAliveMode, Truststore,
} from '../lib';
import { find, newChart, podSpec, synthCluster } from './util';

const PW = { name: 'pw', key: 'password' };
const ks = Keystore.fromSecret({ secretName: 'tls', password: PW });
const ts = Truststore.fromSecret({ secretName: 'cas', password: PW });
/** What a JavaScript caller can pass: the types do not stop it. */
const js = (value: unknown): any => value;
const WORKLOAD = { persistentSessions: 10, queuedMessagesPerSession: 10, averagePayloadBytes: 10 };
const operator = DeploymentMode.platformOperator({ schedulableNodes: 4 });
const rejects = (props: HiveMQClusterProps) => () => synthCluster(props);

describe('unknown and misplaced option keys are refused, naming the key and where it belongs', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['a misspelled prop', rejects(js({ replica: 3 })),
      /^HiveMQCluster 'broker': replica is not a known option \(got 'replica'\)\. Did you mean 'replicas'\?$/],
    ['a prop of the Chart', rejects(js({ namespace: 'iot' })),
      /^HiveMQCluster 'broker': namespace is not an option here: it belongs to the Chart \(new Chart\(app, id, \{ namespace \}\)\).* \(got 'namespace'\)\. Move it there, or remove it\.$/],
    ['client authentication on a plain TCP listener', () => MqttListener.tcp(js({ clientAuthentication: ClientAuthentication.REQUIRED })),
      /^MqttListener\.tcp\(\): clientAuthentication is not an option here: it belongs to MqttListener\.tls\(\) \(or MqttListener\.secureWebsocket\(\)\): a plain TCP listener has no TLS \(got 'clientAuthentication'\)\. Move it there, or remove it\.$/],
    ['a keystore on a plain WebSocket listener', () => MqttListener.websocket(js({ keystore: ks })),
      /^MqttListener\.websocket\(\): keystore is not an option here: it belongs to MqttListener\.secureWebsocket\(\)/],
    ['a path on a TCP listener', () => MqttListener.tcp(js({ path: '/mqtt' })),
      /^MqttListener\.tcp\(\): path is not an option here: it belongs to MqttListener\.websocket\(\) or MqttListener\.secureWebsocket\(\): only WebSocket listeners have a path/],
    ['a path on a TLS listener', () => MqttListener.tls(js({ keystore: ks, path: '/mqtt' })),
      /^MqttListener\.tls\(\): path is not an option here: it belongs to MqttListener\.secureWebsocket\(\)/],
    ['a truststore on the REST API', rejects({ restApi: js({ truststore: ts }) }),
      /^HiveMQCluster 'broker': restApi\.truststore is not an option here: it belongs to MqttListener\.tls\(\) and MqttListener\.secureWebsocket\(\): only TLS listeners take it; the REST API serves HTTPS with keystore alone, without client certificates \(got 'truststore'\)/],
    ['client authentication on the Control Center', rejects({ controlCenter: js({ credentialsSecret: 'cc', clientAuthentication: 'REQUIRED' }) }),
      /controlCenter\.clientAuthentication is not an option here: it belongs to MqttListener\.tls\(\) and MqttListener\.secureWebsocket\(\): only TLS listeners take it; the Control Center serves HTTPS/],
    ['a user name instead of its Secret key', rejects({ controlCenter: js({ credentialsSecret: 'cc', username: 'admin' }) }),
      /^HiveMQCluster 'broker': controlCenter\.username is not a known option of controlCenter \(got 'username'\)\. Did you mean 'usernameKey'\?$/],
    ['tcpKeepAlive', rejects({ tcpKeepAlive: js({ idle: Duration.seconds(5) }) }),
      /tcpKeepAlive\.idle is not a known option of tcpKeepAlive \(got 'idle'\)\. Known options: 'enabled', 'mode', 'initImage', 'time', 'interval', 'probes'\./],
    ['discovery', rejects({ discovery: js({ interval: Duration.seconds(5) }) }), /discovery\.interval is not a known option of discovery/],
    ['monitoring', rejects({ monitoring: js({ serviceMonitorLabel: {} }) }),
      /monitoring\.serviceMonitorLabel is not a known option of monitoring .* Did you mean 'serviceMonitorLabels'\?/],
    ['networkPolicy', rejects({ networkPolicy: js({ ingress: [] }) }), /networkPolicy\.ingress is not a known option of networkPolicy/],
    ['extensions[i]', rejects({ extensions: [js({ url: 'https://e.example/a.zip', folder: 'a' })] }),
      /extensions\[0\]\.url is not an option here: it belongs to ExtensionSource\.fromUrl\(\{ url \}\), passed as source/],
    ['a toleration', rejects({ tolerations: [js({ key: 'a', valu: 'b' })] }),
      /tolerations\[0\]\.valu is not a known option of tolerations\[0\] \(got 'valu'\)\. Did you mean 'value'\?/],
    ['an egress rule', rejects({ networkPolicy: { extraEgress: [js({ from: [] })] } }),
      /networkPolicy\.extraEgress\[0\]\.from is not an option here: it belongs to ingress rules: an egress rule names its destinations in to/],
    ['Keystore.fromSecret()', () => Keystore.fromSecret(js({ secretName: 's', password: PW, issuerName: 'ca' })),
      /^Keystore\.fromSecret\(\): issuerName is not an option here: it belongs to Keystore\.fromCertManager\(\)/],
    ['Keystore.fromCertManager()', () => Keystore.fromCertManager(js({ issuerName: 'ca', dnsNames: ['a.example'], password: PW, key: 'k' })),
      /^Keystore\.fromCertManager\(\): key is not an option here: it belongs to Keystore\.fromSecret\(\): cert-manager always writes keystore\.p12/],
    ['Truststore.fromSecret()', () => Truststore.fromSecret(js({ secretName: 's', password: PW, privateKeyPassword: PW })),
      /^Truststore\.fromSecret\(\): privateKeyPassword is not an option here: it belongs to Keystore\.fromSecret\(\): a truststore holds certificates, no private key/],
    ['a Secret key selector', () => Keystore.fromSecret(js({ secretName: 's', password: { ...PW, optional: true } })),
      /^Keystore\.fromSecret\(\): password\.optional is not a known option of password \(got 'optional'\)\. Known options: 'name', 'key'\.$/],
    ['StorageProfile.ephemeral()', () => StorageProfile.ephemeral(js({ size: Size.gibibytes(1) })),
      /^StorageProfile\.ephemeral\(\): size is not an option here: it belongs to StorageProfile\.persistent\(\)/],
    ['StorageProfile.persistent()', () => StorageProfile.persistent(js({ persistentSessions: 5 })),
      /^StorageProfile\.persistent\(\): persistentSessions is not an option here: it belongs to StorageProfile\.forWorkload\(\)/],
    ['StorageProfile.forWorkload()', () => StorageProfile.forWorkload(js({ ...WORKLOAD, size: Size.gibibytes(100) })),
      /^StorageProfile\.forWorkload\(\): size is not an option here: it belongs to StorageProfile\.persistent\(\): a workload profile derives its size from the workload/],
    ['StorageSizing', () => StorageSizing.estimate(js({ ...WORKLOAD, sessions: 5 }), { brokers: 3, replication: 2 }),
      /^StorageSizing: sessions is not a known option/],
    ['DeploymentMode.plain()', () => DeploymentMode.plain(js({ selector: 'hivemq' })),
      /^DeploymentMode\.plain\(\): selector is not an option here: it belongs to DeploymentMode\.platformOperator\(\)/],
    ['DeploymentMode.platformOperator()', () => DeploymentMode.platformOperator(js({ deletionProtect: false })),
      /^DeploymentMode\.platformOperator\(\): deletionProtect is not a known option .* Did you mean 'deletionProtection'\?/],
    ['ExtensionSource.fromUrl()', () => ExtensionSource.fromUrl(js({ url: 'https://e.example/a.zip', path: '/a' })),
      /^ExtensionSource\.fromUrl\(\): path is not an option here: it belongs to ExtensionSource\.fromImage\(\)/],
    ['ExtensionSource.fromImage()', () => ExtensionSource.fromImage(js({ image: 'r/x:1', path: '/x', sha256: 'a' })),
      /^ExtensionSource\.fromImage\(\): sha256 is not an option here: it belongs to ExtensionSource\.fromUrl\(\): an image is pinned by its tag or digest/],
    ['ExtensionSource.dnsDiscoveryRelease()', () => ExtensionSource.dnsDiscoveryRelease(js({ url: 'https://e.example/a.zip' })),
      /^ExtensionSource\.dnsDiscoveryRelease\(\): url is not an option here: it belongs to ExtensionSource\.fromUrl\(\)/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('the right place for each option still works', () => {
    const { cluster } = synthCluster({
      listeners: [MqttListener.tcp(), MqttListener.tls({ keystore: ks, truststore: ts, clientAuthentication: ClientAuthentication.REQUIRED }),
        MqttListener.websocket({ path: '/ws' })],
      controlCenter: { credentialsSecret: 'cc', usernameKey: 'user' },
      restApi: { keystore: ks, authentication: true },
      storage: StorageProfile.forWorkload({ ...WORKLOAD, storageClassName: 'ssd', brokers: 3 }),
    });
    expect(cluster._finalModel().endpoints.listeners[1].tls!.clientAuthentication).toBe('REQUIRED');
    expect(cluster._finalModel().endpoints.controlCenter!.credentials.usernameKey).toBe('user');
    expect(cluster._finalModel().storage.storageClassName).toBe('ssd');
  });
});

describe('enum-typed options are checked at run time (JavaScript callers pass plain strings)', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ listeners: [MqttListener.tls({ keystore: ks, truststore: ts, clientAuthentication: js('required') })] },
      /^HiveMQCluster 'broker': listeners\[0\]\.tls\.clientAuthentication must be one of 'NONE', 'OPTIONAL', 'REQUIRED' \(got 'required'\)\. Use the enum member whose value is 'REQUIRED' \(values are case-sensitive\)\.$/],
    [{ storage: StorageProfile.persistent({ whenDeleted: js('delete') }) },
      /storage\.whenDeleted must be one of 'Retain', 'Delete' \(got 'delete'\)\. Use the enum member whose value is 'Delete'/],
    [{ tcpKeepAlive: { mode: js('POD_SYSCTLS') } },
      /tcpKeepAlive\.mode must be one of 'pod-sysctls', 'privileged-init-container' \(got 'POD_SYSCTLS'\)\. Use one of the enum members\./],
    [{ logLevel: js('info') },
      /logLevel must be one of 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR' \(got 'info'\)\. Use the enum member whose value is 'INFO'/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
  });
});

describe('booleans are booleans (the string \'false\' is truthy)', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['allowAllClients', rejects({ allowAllClients: js('false') }),
      /^HiveMQCluster 'broker': allowAllClients must be true or false \(got 'false'\)\. Pass allowAllClients: true or allowAllClients: false, not a string\.$/],
    ['nonProduction', rejects({ nonProduction: js('true') }), /nonProduction must be true or false \(got 'true'\)/],
    ['restApi.authentication', rejects({ restApi: { authentication: js('no') } }), /restApi\.authentication must be true or false \(got 'no'\)/],
    ['networkPolicy.enabled', rejects({ networkPolicy: { enabled: js(0) } }), /networkPolicy\.enabled must be true or false \(got 0\)/],
    ['tcpKeepAlive.enabled', rejects({ tcpKeepAlive: { enabled: js('false') } }), /tcpKeepAlive\.enabled must be true or false \(got 'false'\)/],
    ['proxyProtocol', () => MqttListener.tcp({ proxyProtocol: js('yes') }),
      /^MqttListener\.tcp\(\): proxyProtocol must be true or false \(got 'yes'\)/],
    ['deletionProtection', () => DeploymentMode.plain({ deletionProtection: js('true') }),
      /^DeploymentMode\.plain\(\): deletionProtection must be true or false \(got 'true'\)/],
    ['StorageProfile nonProduction', () => StorageProfile.persistent({ nonProduction: js('yes') }),
      /^StorageProfile\.persistent\(\): nonProduction must be true or false/],
  ])('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('Durations, Sizes and numbers: NaN, Infinity, fractions and absurd magnitudes never reach cdk8s', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ terminationGracePeriod: Duration.seconds(NaN) },
      /^HiveMQCluster 'broker': terminationGracePeriod must be a whole number of seconds from 1 to 604800 \(got 'NaN seconds'\)\. Use Duration\.seconds\(n\) with 1 <= n <= 604800\.$/],
    [{ startupTimeout: Duration.seconds(Infinity) }, /startupTimeout must be a whole number of seconds from 10 to 86400 \(got 'Infinity seconds'\)/],
    [{ mqttMaxKeepAlive: Duration.millis(0.5) }, /mqttMaxKeepAlive must be a whole number of seconds from 1 to 65535 \(got '0\.5 millis'\)/],
    [{ minReadyTime: js(30) }, /minReadyTime must be a Duration \(got 30\)\. Use Duration\.seconds\(n\)/],
    [{ memory: Size.gibibytes(NaN) }, /memory must be a whole number of bytes from 1 to 1024Ti \(got 'NaN bytes'\)/],
    [{ storage: StorageProfile.persistent({ size: Size.pebibyte(2) }) },
      /storage\.size must be a whole number of bytes from 1Mi to 1024Ti \(got '2048Ti'\)/],
    [{ cpu: Cpu.units(1e9) }, /cpu must be at most 1024 CPUs \(got '1000000000'\)/],
    [{ cpu: Cpu.units(NaN) }, /cpu must be a positive whole number of millicores \(got 'NaN'\)/],
    [{ cpu: js(4) }, /cpu must be a Cpu \(got 4\)\. Use Cpu\.units\(4\) or Cpu\.millis\(4000\)\./],
    [{ replicas: 2.5 }, /replicas must be a whole number from 1 to 1000 \(got 2\.5\)/],
    [{ tcpKeepAlive: { probes: Infinity } }, /tcpKeepAlive\.probes must be a whole number from 1 to 127 \(got Infinity\)/],
    [{ mode: DeploymentMode.platformOperator({ schedulableNodes: NaN }) }, /mode\.schedulableNodes must be a whole number from 1 to 100000 \(got NaN\)/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
  });

  test('a workload needing more than 1 PiB per broker is refused by name, never written as 1e+22Ti', () => {
    const huge = StorageProfile.forWorkload({ persistentSessions: 2 ** 52, queuedMessagesPerSession: 1000, averagePayloadBytes: 268_435_455 });
    expect(rejects({ storage: huge })).toThrow(/^HiveMQCluster 'broker': storage\.size is what the workload needs per broker \(StorageProfile\.forWorkload with 3 brokers and 2 copies\), more than the 1 PiB one volume may have \(got '\d+ PiB'\)\. Check the workload numbers/);
  });

  test('a workload without its payload size names the option, not a NaN volume size', () => {
    expect(() => StorageProfile.forWorkload(js({ persistentSessions: 10, queuedMessagesPerSession: 10 })))
      .toThrow(/^StorageProfile\.forWorkload\(\): averagePayloadBytes is required \(got undefined\)\. Pass the mean payload of a queued message, in bytes\.$/);
    expect(() => StorageProfile.forWorkload(js({ averagePayloadBytes: 10, queuedMessagesPerSession: 10 }))).toThrow(/persistentSessions is required/);
    expect(() => StorageSizing.estimate(js({ persistentSessions: 10, averagePayloadBytes: 10 }), { brokers: 3, replication: 2 }))
      .toThrow(/^StorageSizing: queuedMessagesPerSession is required/);
  });
});

describe('lists and maps have their shape (a string is not a list of one)', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ imagePullSecrets: js('regcred') },
      /^HiveMQCluster 'broker': imagePullSecrets must be a list \(got 'regcred'\)\. Pass \[\.\.\.\] or leave imagePullSecrets unset\.$/],
    [{ networkPolicy: { monitoringNamespaces: js('monitoring') } }, /networkPolicy\.monitoringNamespaces must be a list \(got 'monitoring'\)/],
    [{ listeners: js(MqttListener.tcp()) }, /listeners must be a list/],
    [{ listeners: [js({ port: 1883 })] }, /listeners\[0\] must be a MqttListener \(got \{"port":1883\}\)\. Use MqttListener\.tcp\(\)/],
    [{ nodeSelector: js('pool=mqtt') }, /^HiveMQCluster 'broker': nodeSelector must be an object of label keys and values \(got 'pool=mqtt'\)/],
    [{ storage: js({ size: Size.gibibytes(100) }) },
      /storage must be a StorageProfile \(got \{"size":"100Gi"\}\)\. Use StorageProfile\.persistent\(\)/],
    [{ controlCenter: js(true) }, /controlCenter must be an object \(got true\)/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
  });
});

describe('image tags are pinned', () => {
  test.each<[string, RegExp]>([
    ['latest', /^HiveMQCluster 'broker': version must be a pinned version: 'latest' moves under a running cluster and brokers would run different versions \(got 'latest'\)\. Use a release tag such as '4\.54\.0'\.$/],
    ['LATEST', /version must be a pinned version/],
    ['', /version must be an image tag that is also a label value .* \(got ''\)\. Use a tag such as '4\.54\.0'\./],
  ])('version %p is refused', (version, message) => {
    expect(rejects({ version })).toThrow(message);
  });
});

describe('NetworkPolicy peers and egress rules follow the API server\'s rules', () => {
  const mqttPeer = (peer: unknown) => rejects({ networkPolicy: { mqttPeers: [js(peer)] } });
  const adminPeer = (peer: unknown) => rejects({ networkPolicy: { adminPeers: [js(peer)] } });
  const egressPort = (port: unknown) => rejects({ networkPolicy: { extraEgress: [{ ports: [js(port)] }] } });
  test.each<[string, () => unknown, RegExp]>([
    ['an empty peer', mqttPeer({}),
      /^HiveMQCluster 'broker': networkPolicy\.mqttPeers\[0\] must name a peer \(podSelector, namespaceSelector or ipBlock\): the API server refuses an empty peer \(got \{\}\)\./],
    ['ipBlock next to a selector', mqttPeer({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }),
      /networkPolicy\.mqttPeers\[0\] must hold ipBlock alone: the API server refuses ipBlock next to a pod or namespace selector \(got \["podSelector","ipBlock"\]\)\. Split it into two peers/],
    ['an IPv4 prefix of /40', mqttPeer({ ipBlock: { cidr: '10.0.0.0/40' } }),
      /networkPolicy\.mqttPeers\[0\]\.ipBlock\.cidr must be a CIDR \(an IPv4 address with a prefix of at most \/32, or IPv6 with at most \/128\) \(got '10\.0\.0\.0\/40'\)/],
    ['an address that is not one', mqttPeer({ ipBlock: { cidr: '10.0.0.256/8' } }), /ipBlock\.cidr must be a CIDR/],
    ['an except outside the cidr', mqttPeer({ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }),
      /networkPolicy\.mqttPeers\[0\]\.ipBlock\.except\[0\] must be a CIDR strictly inside ipBlock\.cidr 10\.0\.0\.0\/8 \(got '192\.168\.0\.0\/16'\)/],
    ['an except equal to the cidr', mqttPeer({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }),
      /ipBlock\.except\[0\] must be a CIDR strictly inside/],
    ['an IPv6 except of another family', mqttPeer({ ipBlock: { cidr: '2001:db8::/32', except: ['10.0.0.0/16'] } }),
      /ipBlock\.except\[0\] must be a CIDR strictly inside/],
    ['a label value with a space', adminPeer({ namespaceSelector: { matchLabels: { team: 'ops team' } } }),
      /networkPolicy\.adminPeers\[0\]\.namespaceSelector\.matchLabels\['team'\] must be a label value .* \(got 'ops team'\)/],
    ['a label key with a space', adminPeer({ podSelector: { matchLabels: { 'my app': 'x' } } }),
      /podSelector\.matchLabels keys must be qualified names/],
    ['In without values', adminPeer({ podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }),
      /podSelector\.matchExpressions\[0\]\.values must not be empty with operator In: the API server refuses it \(got \[\]\)/],
    ['Exists with values', adminPeer({ podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] } }),
      /matchExpressions\[0\]\.values must be empty with operator Exists: the API server refuses values here \(got \["a"\]\)/],
    ['an unknown operator', adminPeer({ podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['a'] }] } }),
      /matchExpressions\[0\]\.operator must be one of 'In', 'NotIn', 'Exists', 'DoesNotExist' \(got 'Equals'\)/],
    ['a selector key it does not have', adminPeer({ podSelector: { labels: { app: 'x' } } }),
      /adminPeers\[0\]\.podSelector\.labels is not a known option of networkPolicy\.adminPeers\[0\]\.podSelector/],
    ['an egress peer', rejects({ networkPolicy: { extraEgress: [{ to: [{}] }] } }), /networkPolicy\.extraEgress\[0\]\.to\[0\] must name a peer/],
    ['an egress rule that opens everything', rejects({ networkPolicy: { extraEgress: [{}] } }),
      /networkPolicy\.extraEgress\[0\] allows every destination on every port \(no to and no ports\), which voids the egress policy \(got \{\}\)\. .*to: \[\{ ipBlock: \{ cidr: '0\.0\.0\.0\/0' \} \}\]/],
    ['peers given as one object', rejects({ networkPolicy: { mqttPeers: js({ podSelector: {} }) } }),
      /networkPolicy\.mqttPeers must be a list \(got \{"podSelector":\{\}\}\)/],
    ['protocol ICMP', egressPort({ protocol: 'ICMP', port: k8s.IntOrString.fromNumber(1) }),
      /networkPolicy\.extraEgress\[0\]\.ports\[0\]\.protocol must be one of 'TCP', 'UDP', 'SCTP' \(got 'ICMP'\)/],
    ['a plain number as port (cdk8s would drop it, opening every port)', egressPort({ port: 5432 }),
      /networkPolicy\.extraEgress\[0\]\.ports\[0\]\.port must be an IntOrString \(got 5432\)\. Use k8s\.IntOrString\.fromNumber\(5432\)/],
    ['port 70000', egressPort({ port: k8s.IntOrString.fromNumber(70000) }), /ports\[0\]\.port must be a whole number from 1 to 65535 \(got 70000\)/],
    ['a port name that is not an IANA name', egressPort({ port: k8s.IntOrString.fromString('PostgreSQL') }),
      /ports\[0\]\.port must be a port number or an IANA service name .* \(got 'PostgreSQL'\)/],
    ['endPort below port', egressPort({ port: k8s.IntOrString.fromNumber(5000), endPort: 4000 }),
      /ports\[0\]\.endPort must be a whole number from 5000 to 65535 \(got 4000\)\. Set endPort from port \(5000\) to 65535\./],
    ['endPort after a named port', egressPort({ port: k8s.IntOrString.fromString('db'), endPort: 4000 }),
      /ports\[0\]\.endPort needs a numeric port: the API server refuses endPort without one \(got 4000\)/],
  ])('%s is refused', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('valid peers and ports pass through unchanged', () => {
    const mqttPeers = [
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'clients' } }, podSelector: { matchExpressions: [{ key: 'app',
        operator: 'Exists' }] } },
    ];
    const extraEgress = [{ to: [{ ipBlock: { cidr: '10.2.0.0/16' } }], ports: [{ port: k8s.IntOrString.fromNumber(5432), endPort: 5440,
      protocol: 'TCP' }] }];
    const { manifests } = synthCluster({ networkPolicy: { mqttPeers, extraEgress } });
    const spec = find(manifests, 'NetworkPolicy', 'broker').spec;
    expect(spec.ingress[0].from).toEqual(mqttPeers);
    expect(spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.2.0.0/16' } }], ports: [{ port: 5432, endPort: 5440, protocol: 'TCP' }] });
  });
});

describe('tolerations, node selectors and labels follow the API server\'s rules', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ tolerations: [{ key: 'bad key' }] },
      /^HiveMQCluster 'broker': tolerations\[0\]\.key must be a qualified name \(optional DNS-1123 prefix and '\/', then at most 63 letters, digits, '-', '_' and '\.', starting and ending with a letter or digit\) \(got 'bad key'\)\. Use the taint's key/],
    [{ tolerations: [{ operator: 'Equal', value: 'x' }] },
      /tolerations\[0\]\.operator must be Exists when key is empty \(a toleration without a key matches every taint\) \(got 'Equal'\)/],
    [{ tolerations: [{ key: 'dedicated', value: 'not valid!' }] }, /tolerations\[0\]\.value must be a label value .* \(got 'not valid!'\)/],
    [{ tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1.5 }] },
      /tolerations\[0\]\.tolerationSeconds must be a whole number of seconds \(the API field is an integer\) \(got 1\.5\)/],
    [{ tolerations: js({ key: 'dedicated' }) }, /tolerations must be a list \(got \{"key":"dedicated"\}\)/],
    [{ nodeSelector: { pool: 'mqtt pool' } }, /nodeSelector\['pool'\] must be a label value .* \(got 'mqtt pool'\)/],
    [{ labels: { 'team/a/b': 'x' } }, /labels keys must be qualified names .* \(got 'team\/a\/b'\)/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
  });

  test('a toleration of every taint (no key, Exists) is valid', () => {
    expect(podSpec(synthCluster({ tolerations: [{ operator: 'Exists' }] }).manifests).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('production means production', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ storage: StorageProfile.persistent({ whenDeleted: PvcRetention.DELETE }) },
      /^HiveMQCluster 'broker': storage\.whenDeleted is Delete, which deletes the brokers' volumes with the StatefulSet: persistent sessions, queued and retained messages are lost \(got 'Delete'\)\. Keep PvcRetention\.RETAIN for production, or set nonProduction: true \(on the cluster or the profile\) for a test cluster\.$/],
    [{ storage: StorageProfile.forWorkload({ ...WORKLOAD, whenScaled: PvcRetention.DELETE }) },
      /storage\.whenScaled is Delete, which deletes the brokers' volumes on scale-down: persistent sessions, queued and retained messages are lost/],
    [{ terminationGracePeriod: Duration.seconds(30) },
      /^HiveMQCluster 'broker': terminationGracePeriod is below the production minimum of 60 seconds: a stopping broker is killed before it has handed its sessions and queued messages to the others, and clients lose them \(got '30s'\)\. Leave it unset/],
    [{ nonProduction: true, memory: Size.gibibytes(1) },
      /^HiveMQCluster 'broker': memory is below the 2 GiB a broker needs to start \(a 1 GiB heap plus off-heap memory\), even with nonProduction \(got '1Gi'\)\. Use at least Size\.gibibytes\(2\) \(4 GiB for production\)\.$/],
    [{ nonProduction: true, memory: Size.mebibytes(2047) }, /memory is below the 2 GiB a broker needs to start/],
    [{ nonProduction: true, cpu: Cpu.millis(500) },
      /^HiveMQCluster 'broker': cpu is below the 1 CPU a broker needs to start within its startup probe, even with nonProduction \(got '500m'\)\. Use at least Cpu\.units\(1\) \(4 for production\)\.$/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
  });

  test('each is allowed where it is meant to be', () => {
    expect(() => synthCluster({ nonProduction: true, storage: StorageProfile.persistent({ whenDeleted: PvcRetention.DELETE,
      whenScaled: PvcRetention.DELETE }) })).not.toThrow();
    expect(() => synthCluster({ storage: StorageProfile.persistent({ nonProduction: true, size: Size.gibibytes(10),
      whenDeleted: PvcRetention.DELETE }) })).not.toThrow();
    expect(podSpec(synthCluster({ terminationGracePeriod: Duration.seconds(60) }).manifests).terminationGracePeriodSeconds).toBe(60);
    expect(podSpec(synthCluster({ nonProduction: true,
      terminationGracePeriod: Duration.seconds(10) }).manifests).terminationGracePeriodSeconds).toBe(10);
    // The floor itself, as examples/dev.ts uses it.
    expect(synthCluster({ nonProduction: true, cpu: Cpu.units(1), memory: Size.gibibytes(2) }).cluster._finalModel().resources.heapBytes)
      .toBe(2 ** 30);
  });
});

describe('operator-mode refusals show the value given', () => {
  test.each<[HiveMQClusterProps, RegExp]>([
    [{ mode: operator, discovery: { reloadInterval: Duration.seconds(30) } },
      /^HiveMQCluster 'broker': discovery has no meaning in operator mode: the HiveMQ Platform Operator supplies cluster discovery itself \(got \{"reloadInterval":"30 seconds"\}\)\. Remove discovery, or use DeploymentMode\.plain\(\)\.$/],
    [{ mode: operator, startupTimeout: Duration.minutes(20) },
      /startupTimeout has no meaning in operator mode: the operator defines the probes \(got 20 minutes\)/],
    [{ mode: operator, minReadyTime: Duration.seconds(45) }, /minReadyTime has no meaning in operator mode: .* \(got 45 seconds\)/],
    [{ mode: operator, tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER } },
      /tcpKeepAlive\.mode has no meaning in operator mode: .* \(got 'privileged-init-container'\)/],
    [{ mode: operator, monitoring: { source: ExtensionSource.prometheusRelease() } },
      /monitoring\.source has no meaning in operator mode: .* \(got \{"kind":"url","url":"https:\/\/github\.com\/hivemq\/hivemq-prometheus-extension\/releases\/download\/4\.1\.1\/hivemq-prometheus-extension-4\.1\.1\.zip"\}\)/],
    [{ mode: operator, extensions: [{ folder: 'x', source: ExtensionSource.fromImage({ image: 'r/x:1', path: '/x' }) }] },
      /extensions\[0\]\.source has no meaning in operator mode: .* \(got \{"kind":"image","image":"r\/x:1","path":"\/x"\}\)/],
  ])('%o', (props, message) => {
    expect(rejects(props)).toThrow(message);
    expect(rejects(props)).not.toThrow(/got 'set'/);
  });
});

describe('no JavaScript or cdk8s error reaches the user for a wrongly typed value', () => {
  const props = ['name', 'replicas', 'replication', 'mode', 'sizing', 'nonProduction', 'image', 'version', 'imageDigest', 'imagePullPolicy',
    'imagePullSecrets',
    'cpu', 'memory', 'storage', 'listeners', 'mqttMaxKeepAlive', 'tcpKeepAlive', 'antiAffinity', 'zoneSpread', 'nodeSelector', 'tolerations',
    'priorityClassName',
    'terminationGracePeriod', 'minReadyTime', 'startupTimeout', 'discovery', 'licenseSecret', 'allowAllClients', 'extensions', 'logLevel',
    'controlCenter',
    'restApi', 'monitoring', 'networkPolicy', 'labels'];
  const nested: Record<string, string[]> = {
    tcpKeepAlive: ['enabled', 'mode', 'initImage', 'time', 'interval', 'probes'], discovery: ['source', 'reloadInterval', 'resolutionTimeout',
      'clusterDomain'],
    restApi: ['port', 'authentication', 'keystore'], networkPolicy: ['enabled', 'mqttPeers', 'monitoringNamespaces', 'adminPeers', 'extraEgress'],
  };
  const junk: unknown[] = ['x', '', 42, -1, NaN, true, [], {}, { x: 1 }, [null], [{}], ['x'], Duration.seconds(NaN)];
  const cases: Array<[string, HiveMQClusterProps]> = [
    ...props.flatMap((prop) => junk.map((value): [string, HiveMQClusterProps] => [`${prop}=${String(value)}`, js({ [prop]: value })])),
    ...Object.entries(nested).flatMap(([prop, keys]) => keys.flatMap((key) => junk.map((value): [string, HiveMQClusterProps] => [`${prop}.${key}`,
      js({ [prop]: { [key]: value } })]))),
  ];
  test(`${cases.length} wrongly typed values: each is accepted as valid or refused with the library's message`, () => {
    const foreign = cases.flatMap(([label, value]) => {
      try {
        synthCluster(value);
        return [];
      } catch (e) {
        return (e as Error).message.startsWith('HiveMQCluster \'broker\': ') ? [] : [`${label}: ${(e as Error).message}`];
      }
    });
    expect(foreign).toEqual([]);
  });
});

describe('the errors of refused input', () => {
  const refuse = (): Error => {
    try {
      new HiveMQCluster(newChart(), 'broker', { replicas: 2.5 });
    } catch (e) {
      return e as Error;
    }
    throw new Error('HiveMQCluster accepted replicas: 2.5');
  };
  const message = 'HiveMQCluster \'broker\': replicas must be a whole number from 1 to 1000 (got 2.5). '
    + 'Set replicas to 1 or more (3 or more for production).';

  afterEach(() => {
    delete process.env.JSII_AGENT;
  });

  test('from TypeScript: a plain Error with its stack, which leads to the app\'s line', () => {
    const error = refuse();
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(message);
    expect(error.stack).toMatch(/\n\s+at .*inputs\.test\.ts:\d+/);
  });

  test('under jsii (Python, Java, Go: the jsii runtime sets JSII_AGENT) the stack is the message alone, no JavaScript frames', () => {
    process.env.JSII_AGENT = 'Python/3.11.7';
    const error = refuse();
    expect(error.message).toBe(message);
    expect(error.stack).toBe(`Error: ${message}`);
  });
});
