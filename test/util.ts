/** Test helpers: synthesize, find objects by kind and name, validate with independent validators. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Size, Testing } from 'cdk8s';
import { Capability, ContainerProps, Cpu } from 'cdk8s-plus-28';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { AlertOptions, HiveMQAlert, HiveMQCluster, HiveMQClusterProps } from '../lib';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** What every sidecar and extra init container needs, as the broker has it: Pod Security "restricted" and requests = limits. */
export const RESTRICTED_CONTAINER: Pick<ContainerProps, 'securityContext' | 'resources'> = {
  securityContext: { capabilities: { drop: [Capability.ALL] } },
  resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(50) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(32) } },
};

export function newChart(namespace = 'iot'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** One cluster in a fresh chart, synthesized and checked against the Kubernetes schema. */
export function synthCluster(props: HiveMQClusterProps = {}, id = 'broker'): { cluster: HiveMQCluster; manifests: Manifest[] } {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, id, props);
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests);
  return { cluster, manifests };
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} '${name}', found ${found.length}: `
    + `${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found[0];
}

export function podSpec(manifests: Manifest[], name = 'broker'): any {
  return find(manifests, 'StatefulSet', name).spec.template.spec;
}

export function brokerContainer(manifests: Manifest[], name = 'broker'): any {
  return podSpec(manifests, name).containers.find((c: any) => c.name === 'hivemq');
}

/** CRD JSON files, unmodified copies of the shared reference set; the HiveMQ Platform CRD is the copy the library ships. */
export const CRD_FILES: Record<string, string> = {
  'cert-manager.io/v1/Certificate': path.join(__dirname, 'fixtures', 'crds', 'certificate-crd.json'),
  'monitoring.coreos.com/v1/ServiceMonitor': path.join(__dirname, 'fixtures', 'crds', 'servicemonitor-crd.json'),
  'monitoring.coreos.com/v1/PrometheusRule': path.join(__dirname, 'fixtures', 'crds', 'prometheusrule-crd.json'),
  'gateway.networking.k8s.io/v1/TLSRoute': path.join(__dirname, 'fixtures', 'crds', 'gateway-api-tlsroutes-crd.json'),
  'gateway.networking.k8s.io/v1/TCPRoute': path.join(__dirname, 'fixtures', 'crds', 'gateway-api-tcproutes-crd.json'),
  'hivemq.com/v1/HiveMQPlatform': path.join(__dirname, '..', 'lib', 'crds', 'hivemq-platform-crd.json'),
};
const crdValidators = new Map<string, ValidateFunction>();
// CRD patterns are Go regular expressions: accept their inline case-insensitive flag, which JavaScript spells differently.
const goRegExp = Object.assign((pattern: string, flags: string) => (pattern.includes('(?i)')
  ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags)), { code: 'goRegExp' });
const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
addFormats(ajv);
// OpenAPI's integer formats, which JSON-schema validators do not know; the type check already covers them.
for (const f of ['int32', 'int64']) ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isInteger(n) });

/** JSON-schema validation of a custom resource against its CRD's openAPIV3Schema (CRD_FILES). */
function validateCustomResource(m: Manifest, key: string): void {
  let validate = crdValidators.get(key);
  if (!validate) {
    const crd = JSON.parse(fs.readFileSync(CRD_FILES[key], 'utf8'));
    const version = crd.spec.versions.find((x: any) => `${crd.spec.group}/${x.name}` === m.apiVersion);
    validate = ajv.compile(version.schema.openAPIV3Schema);
    crdValidators.set(key, validate);
  }
  const doc: unknown = JSON.parse(JSON.stringify(m));
  if (!validate(doc)) throw new Error(`${m.kind}/${m.metadata.name} does not match its CRD: ${ajv.errorsText(validate.errors)}`);
}

/**
 * The StatefulSet and Services a HiveMQPlatform embeds, as Kubernetes objects (selector and serviceName, which the
 * operator fills in, are added so the StatefulSet schema can be checked).
 */
export function embeddedObjects(platform: Manifest): Manifest[] {
  const name = platform.metadata.name;
  return [
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
      spec: { ...platform.spec.statefulSet.spec, selector: { matchLabels: { 'hivemq-platform': name } }, serviceName: `hivemq-${name}-cluster` },
    },
    ...(platform.spec.services ?? []).map((svc: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: svc.metadata, spec: svc.spec })),
  ];
}

/**
 * Validates every object against the Kubernetes OpenAPI schema with kubernetes-models (an independent JSON-schema
 * validator generated from the upstream OpenAPI spec). Throws with the object and the schema error.
 */
export function validateKubernetes(manifests: Manifest[]): void {
  for (const m of manifests) {
    const crdKey = `${m.apiVersion}/${m.kind}`;
    if (CRD_FILES[crdKey]) {
      validateCustomResource(m, crdKey);
      if (m.kind === 'HiveMQPlatform') validateKubernetes(embeddedObjects(m));
      continue;
    }
    const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['', m.apiVersion];
    const modulePath = group ? `kubernetes-models/${group}/${version}/${m.kind}` : `kubernetes-models/${version}/${m.kind}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = require(modulePath)[m.kind];
    if (!Model) throw new Error(`no schema for ${m.apiVersion} ${m.kind}`);
    try {
      new Model(m).validate();
    } catch (e) {
      throw new Error(`${m.kind}/${m.metadata.name} is not a valid ${m.apiVersion} ${m.kind}: ${(e as Error).message}`, { cause: e });
    }
  }
}

export const XSD_PATH = path.join(__dirname, 'fixtures', 'hivemq-ce-config.xsd');
const XSD = fs.readFileSync(XSD_PATH, 'utf8');
/** Enterprise-only elements: the CE XSD does not cover them (hivemq/hivemq-community-edition src/main/resources/config.xsd). */
const ENTERPRISE_ONLY = ['proxy-protocol', 'cluster', 'health-api', 'control-center', 'rest-api', 'overload-protection', 'mqtt-addons',
  'client-event-history', 'data-hub', 'internal'];

/**
 * Checks that each config.xml is well-formed and that the parts the Community Edition schema covers are valid against it:
 * the Enterprise-only top-level elements are cut out first, the rest is validated as written. One xmllint run per check
 * for the whole batch keeps this fast.
 */
export async function validateConfigXml(...xmls: string[]): Promise<void> {
  const files = (docs: string[]) => docs.map((contents, i) => ({ fileName: `config-${i}.xml`, contents }));
  const wellFormed = await validateXML({ xml: files(xmls), schema: [{ fileName: 'any.xsd', contents: ANY_XSD }] });
  if (!wellFormed.valid) throw new Error(`config.xml is not well-formed: ${wellFormed.rawOutput}`);
  const ceParts = xmls.map((xml) => ENTERPRISE_ONLY.reduce((doc, tag) => doc.replace(new RegExp(`\\s*<${tag}>[\\s\\S]*?</${tag}>`, 'g'), ''), xml));
  const result = await validateXML({ xml: files(ceParts), schema: [{ fileName: 'config.xsd', contents: XSD }] });
  if (!result.valid) throw new Error(`config.xml fails the HiveMQ CE schema: ${result.rawOutput}`);
}

/** Accepts any <hivemq> document: only well-formedness is checked with it. */
const ANY_XSD = `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="hivemq"><xs:complexType><xs:sequence>
    <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

const SAFE_SYSCTLS = [
  // Kubernetes "safe" sysctls (Pod Security restricted allows exactly these); the keep-alive ones from 1.29.
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * The Pod Security Standards "restricted" rules (kubernetes.io/docs/concepts/security/pod-security-standards), checked on
 * every pod template: returns the violations, empty when the pod passes.
 */
export function podSecurityViolations(manifests: Manifest[]): string[] {
  const out: string[] = [];
  for (const m of manifests) {
    const pod = m.spec?.template?.spec;
    if (!pod) continue;
    const at = (what: string) => out.push(`${m.kind}/${m.metadata.name}: ${what}`);
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) at('host namespaces');
    for (const v of pod.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== 'name');
      if (!RESTRICTED_VOLUMES.includes(type!)) at(`volume type ${type}`);
    }
    for (const s of pod.securityContext?.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) at(`unsafe sysctl ${s.name}`);
    const podSeccomp = pod.securityContext?.seccompProfile?.type;
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const sc = c.securityContext ?? {};
      if (sc.privileged) at(`${c.name} privileged`);
      if (sc.allowPrivilegeEscalation !== false) at(`${c.name} allowPrivilegeEscalation not false`);
      if (!(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot)) at(`${c.name} runAsNonRoot not true`);
      if ((sc.runAsUser ?? pod.securityContext?.runAsUser) === 0) at(`${c.name} runs as root`);
      if (!sc.capabilities?.drop?.includes('ALL')) at(`${c.name} does not drop ALL capabilities`);
      if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) at(`${c.name} adds capabilities`);
      if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type ?? podSeccomp)) at(`${c.name} seccomp not RuntimeDefault`);
      if ((c.ports ?? []).some((p: any) => p.hostPort)) at(`${c.name} hostPort`);
    }
  }
  return out;
}

/**
 * Secrets stay out of ConfigMaps and literal env values: every password, and every user name in a `<users>` block, in a
 * ConfigMap is an `${ENV:X}` placeholder whose X comes from a Secret. Returns the problems found.
 */
export function secretLeaks(manifests: Manifest[]): string[] {
  const out: string[] = [];
  const env = new Map<string, any>();
  for (const m of manifests) {
    for (const c of m.spec?.template?.spec?.containers ?? []) for (const e of c.env ?? []) env.set(e.name, e);
  }
  for (const m of manifests.filter((x) => x.kind === 'ConfigMap')) {
    for (const [key, text] of Object.entries<string>(m.data ?? {})) {
      const sensitive = [
        ...[...text.matchAll(/<(?:password|private-key-password)>([^<]*)</g)].map((x) => x[1]),
        ...[...text.matchAll(/<users>([\s\S]*?)<\/users>/g)].flatMap((u) => [...u[1].matchAll(/<name>([^<]*)</g)].map((x) => x[1])),
      ];
      for (const value of sensitive) {
        const placeholder = /^\$\{ENV:([A-Z0-9_]+)\}$/.exec(value);
        if (!placeholder) out.push(`${m.metadata.name}/${key}: literal secret value '${value}'`);
        else if (!env.get(placeholder[1])?.valueFrom?.secretKeyRef) out.push(`${m.metadata.name}/${key}: ${placeholder[1]} is not taken from a `
          + 'Secret');
      }
    }
  }
  for (const [name, e] of env) if (/PASSWORD|USER|SECRET|TOKEN/.test(name) && e.value !== undefined) out.push(`env ${name} has a literal value`);
  return out;
}

/** One rule of the synthesized PrometheusRule. */
export interface AlertRule {
  readonly alert: HiveMQAlert;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** The PrometheusRule of a cluster with monitoring on, and its rules. */
export function alertRulesOf(props: HiveMQClusterProps = {}, alerts: AlertOptions = {}) {
  const { manifests } = synthCluster({ ...props, monitoring: { serviceMonitor: true, ...props.monitoring, alerts } });
  const rule = find(manifests, 'PrometheusRule', 'broker-alerts');
  return { rule, rules: rule.spec.groups[0].rules as AlertRule[] };
}
