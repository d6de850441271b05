// The independent validators must be able to fail, or every test that relies on them proves nothing.
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { CRD_FILES, podSecurityViolations, secretLeaks, validateConfigXml, validateKubernetes, XSD_PATH } from './util';

describe('test validators', () => {
  test('the CE schema is the unmodified upstream file', () => {
    const digest = createHash('sha256').update(readFileSync(XSD_PATH)).digest('hex');
    expect(digest).toBe('b137b7b1eacee41dc06019a9fee849692761aded0b6e30307fb16877e6083b93');
  });

  test.each([
    ['cert-manager.io/v1/Certificate', '626954963d1298f2cd2fe2eb3fdcf5503871ddcbe2a969952cc2cd3370f4fc6e'],
    ['monitoring.coreos.com/v1/ServiceMonitor', 'cbad4e3028c227806e3a18bcaa1b8b25b799de3a037e390709e3aa2372165c67'],
    ['monitoring.coreos.com/v1/PrometheusRule', '2e9f62d1f4fe1ba46f009de2570b68458852d8a4604831f4c52ceeaba2e6da91'],
    // the CRD converted to JSON, content unchanged (the YAML original is hivemq/helm-charts charts/hivemq-platform-operator/crds/)
    ['hivemq.com/v1/HiveMQPlatform', '6ac3143f312edae2beac997c0558cc3b12f7ab3ebc1145b84a6430a2ab75cb53'],
  ])('the %s CRD is the unmodified reference copy', (key, sha) => {
    expect(createHash('sha256').update(readFileSync(CRD_FILES[key])).digest('hex')).toBe(sha);
  });

  test('custom resources are validated against their CRD schema', () => {
    expect(() => validateKubernetes([{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { secretName: 's' } }]))
      .toThrow(/Certificate\/c does not match its CRD: .*issuerRef/);
    expect(() => validateKubernetes([{ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' },
      spec: { endpoints: 'x' } }]))
      .toThrow(/ServiceMonitor\/m does not match its CRD/);
  });

  test('config.xml validation rejects malformed XML', async () => {
    await expect(validateConfigXml('<hivemq><listeners></hivemq>')).rejects.toThrow(/not well-formed/);
  });

  test('config.xml validation rejects what the CE schema forbids, and keeps the Enterprise elements out of it', async () => {
    await expect(validateConfigXml('<hivemq><listeners><tcp-listener><bind-address>0.0.0.0</bind-address></tcp-listener></listeners></hivemq>'))
      .rejects.toThrow(/CE schema/);
    await expect(validateConfigXml('<hivemq><mqtt><keep-alive><max-keep-alive>soon</max-keep-alive></keep-alive></mqtt></hivemq>')).rejects.toThrow(/CE schema/);
    await expect(validateConfigXml('<hivemq><unknown-element/></hivemq>')).rejects.toThrow(/CE schema/);
    const enterpriseOnly = '<hivemq><cluster><enabled>true</enabled></cluster><health-api><enabled>true</enabled></health-api></hivemq>';
    await expect(validateConfigXml(enterpriseOnly)).resolves.toBeUndefined();
  });

  test('the Pod Security checker finds root, privilege, host namespaces, unsafe sysctls and hostPath volumes', () => {
    const pod = {
      hostNetwork: true, securityContext: { sysctls: [{ name: 'net.core.somaxconn', value: '1' }] }, volumes: [{ name: 'h',
        hostPath: { path: '/' } }],
      containers: [{ name: 'c', securityContext: { privileged: true, runAsUser: 0 } }],
    };
    const v = podSecurityViolations([{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: pod } } }]);
    expect(v).toEqual(expect.arrayContaining(['DaemonSet/d: host namespaces', 'DaemonSet/d: volume type hostPath',
      'DaemonSet/d: unsafe sysctl net.core.somaxconn',
      'DaemonSet/d: c privileged', 'DaemonSet/d: c runs as root', 'DaemonSet/d: c does not drop ALL capabilities']));
  });

  test('the secret checker finds literal passwords and placeholders not fed from Secrets', () => {
    const cm = (xml: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'config.xml': xml } });
    const sts = (env: unknown[]) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' },
      spec: { template: { spec: { containers: [{ name: 'x', env }] } } } });
    expect(secretLeaks([cm('<keystore><password>hunter2</password></keystore>')])).toEqual(["c/config.xml: literal secret value 'hunter2'"]);
    expect(secretLeaks([cm('<users><user><name>${ENV:U}</name></user></users>'), sts([{ name: 'U', value: 'admin' }])]))
      .toEqual(['c/config.xml: U is not taken from a Secret']);
    expect(secretLeaks([sts([{ name: 'DB_PASSWORD', value: 'x' }])])).toEqual(['env DB_PASSWORD has a literal value']);
  });

  test('Kubernetes validation rejects a wrongly typed field', () => {
    expect(() => validateKubernetes([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 'eighty' }] } }]))
      .toThrow(/Service\/x is not a valid v1 Service/);
    expect(() => validateKubernetes([{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x' },
      spec: { maxUnavailable: true } }]))
      .toThrow(/PodDisruptionBudget\/x/);
  });
});
