// The independent validators must be able to fail, or every test that relies on them proves nothing.
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { validateConfigXml, validateKubernetes, XSD_PATH } from './util';

describe('test validators', () => {
  test('the CE schema is the unmodified upstream file', () => {
    expect(createHash('sha256').update(readFileSync(XSD_PATH)).digest('hex')).toBe('b137b7b1eacee41dc06019a9fee849692761aded0b6e30307fb16877e6083b93');
  });

  test('config.xml validation rejects malformed XML', async () => {
    await expect(validateConfigXml('<hivemq><listeners></hivemq>')).rejects.toThrow(/not well-formed/);
  });

  test('config.xml validation rejects what the CE schema forbids, and keeps the Enterprise elements out of it', async () => {
    await expect(validateConfigXml('<hivemq><listeners><tcp-listener><bind-address>0.0.0.0</bind-address></tcp-listener></listeners></hivemq>'))
      .rejects.toThrow(/CE schema/);
    await expect(validateConfigXml('<hivemq><mqtt><keep-alive><max-keep-alive>soon</max-keep-alive></keep-alive></mqtt></hivemq>')).rejects.toThrow(/CE schema/);
    await expect(validateConfigXml('<hivemq><unknown-element/></hivemq>')).rejects.toThrow(/CE schema/);
    await expect(validateConfigXml('<hivemq><cluster><enabled>true</enabled></cluster><health-api><enabled>true</enabled></health-api></hivemq>')).resolves.toBeUndefined();
  });

  test('Kubernetes validation rejects a wrongly typed field', () => {
    expect(() => validateKubernetes([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 'eighty' }] } }]))
      .toThrow(/Service\/x is not a valid v1 Service/);
    expect(() => validateKubernetes([{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x' }, spec: { maxUnavailable: true } }]))
      .toThrow(/PodDisruptionBudget\/x/);
  });
});
