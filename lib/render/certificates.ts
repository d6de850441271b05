/** cert-manager Certificates for the TLS endpoints whose keystores cert-manager issues. */
import { CertificateProps, CertificateSpecKeystoresPkcs12Profile, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/cert-manager.io';
import type { ClusterModel } from '../model/cluster-model';
import { clusterMetadata } from './object-metadata';
import { tlsEndpoints } from './pod-template';

/** A Certificate and the endpoint (listener, `cc`, `rest`) whose keystore it issues. */
export interface RenderedCertificate {
  readonly endpoint: string;
  readonly props: CertificateProps;
}

export function renderCertificates(model: ClusterModel): RenderedCertificate[] {
  return tlsEndpoints(model).flatMap(({ name: endpoint, tls }) => {
    const certificate = tls.certificate;
    if (!certificate) return [];
    return [{
      endpoint,
      props: {
        metadata: clusterMetadata(model, certificate.name),
        spec: {
          secretName: certificate.secretName,
          issuerRef: { name: certificate.issuerName, kind: certificate.issuerKind, group: 'cert-manager.io' },
          dnsNames: [...certificate.dnsNames],
          duration: certificate.durationSeconds === undefined ? undefined : `${certificate.durationSeconds}s`,
          renewBefore: certificate.renewBeforeSeconds === undefined ? undefined : `${certificate.renewBeforeSeconds}s`,
          // keystore.p12 is what the broker reads; Modern2023 is AES-256 PBES2, readable by current JDKs.
          keystores: {
            pkcs12: {
              create: true,
              passwordSecretRef: { name: certificate.password.name, key: certificate.password.key },
              profile: CertificateSpecKeystoresPkcs12Profile.MODERN2023,
            },
          },
          privateKey: { rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        },
      },
    }];
  });
}
