/** Test helpers: synthesize, find objects by kind and name, validate with independent validators. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { HiveMQCluster, HiveMQClusterProps } from '../lib';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

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
  if (found.length !== 1) throw new Error(`expected one ${kind} '${name}', found ${found.length}: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found[0];
}

export function podSpec(manifests: Manifest[], name = 'broker'): any {
  return find(manifests, 'StatefulSet', name).spec.template.spec;
}

export function brokerContainer(manifests: Manifest[], name = 'broker'): any {
  return podSpec(manifests, name).containers.find((c: any) => c.name === 'hivemq');
}

const CRDS: Record<string, string> = {
  'cert-manager.io/v1/Certificate': 'certificate-crd.json',
  'monitoring.coreos.com/v1/ServiceMonitor': 'servicemonitor-crd.json',
  'monitoring.coreos.com/v1/PrometheusRule': 'prometheusrule-crd.json',
  'hivemq.com/v1/HiveMQPlatform': 'hivemq-platform-crd.json',
};
const crdValidators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// OpenAPI's integer formats, which JSON-schema validators do not know; the type check already covers them.
for (const f of ['int32', 'int64']) ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isInteger(n) });

/** JSON-schema validation of a custom resource against its CRD's openAPIV3Schema (test/fixtures/crds, copied unmodified). */
function validateCustomResource(m: Manifest, key: string): void {
  let validate = crdValidators.get(key);
  if (!validate) {
    const crd = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'crds', CRDS[key]), 'utf8'));
    const version = crd.spec.versions.find((x: any) => `${crd.spec.group}/${x.name}` === m.apiVersion);
    validate = ajv.compile(version.schema.openAPIV3Schema);
    crdValidators.set(key, validate);
  }
  const doc: unknown = JSON.parse(JSON.stringify(m));
  if (!validate(doc)) throw new Error(`${m.kind}/${m.metadata.name} does not match its CRD: ${ajv.errorsText(validate.errors)}`);
}

/**
 * Validates every object against the Kubernetes OpenAPI schema with kubernetes-models (an independent JSON-schema
 * validator generated from the upstream OpenAPI spec). Throws with the object and the schema error.
 */
export function validateKubernetes(manifests: Manifest[]): void {
  for (const m of manifests) {
    const crdKey = `${m.apiVersion}/${m.kind}`;
    if (CRDS[crdKey]) {
      validateCustomResource(m, crdKey);
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
      throw new Error(`${m.kind}/${m.metadata.name} is not a valid ${m.apiVersion} ${m.kind}: ${(e as Error).message}`);
    }
  }
}

export const XSD_PATH = path.join(__dirname, 'fixtures', 'hivemq-ce-config.xsd');
const XSD = fs.readFileSync(XSD_PATH, 'utf8');
/** Enterprise-only elements: the CE XSD does not cover them (shared/reference/SOURCES.md). */
const ENTERPRISE_ONLY = ['proxy-protocol', 'cluster', 'health-api', 'control-center', 'rest-api', 'overload-protection', 'mqtt-addons', 'client-event-history', 'data-hub', 'internal'];

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
