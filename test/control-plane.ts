/**
 * A real Kubernetes control plane for the tests: etcd and Kubernetes' own kube-apiserver on 127.0.0.1, on ports chosen
 * free at run time, with certificates made for this run, the way controller-runtime's envtest starts them
 * (kubernetes-sigs/controller-runtime pkg/internal/testing/controlplane). No controller-manager, scheduler or kubelet:
 * the server validates, defaults, admits and stores objects, nothing reconciles them.
 * The binaries are built by test/tools/build-apiserver.sh into .tools/bin (npm test's pretest step runs it).
 */
import { ChildProcess, execFileSync, spawn, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const TOOLS_BIN = path.join(__dirname, '..', '.tools', 'bin');
const ETCD = path.join(TOOLS_BIN, 'etcd');
const KUBE_APISERVER = path.join(TOOLS_BIN, 'kube-apiserver');
export const KUBECTL = path.join(TOOLS_BIN, 'kubectl');

export interface KubectlResult { status: number | null; stdout: string; stderr: string }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA, a serving certificate for 127.0.0.1, a client certificate in group system:masters, a service-account key pair. */
function makeCertificates(dir: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-ca'], dir);
  const issue = (name: string, subject: string, extensions: string) => {
    fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1',
      '-extfile', `${name}.ext`], dir);
  };
  issue('serving', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue('admin', '/O=system:masters/CN=test-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** The error and fatal lines of a klog log (E/F prefix), or its end when there are none. */
function errorLines(log: string): string {
  const text = fs.readFileSync(log, 'utf8');
  const errors = text.split('\n').filter((line) => /^[EF]\d{4} /.test(line));
  return errors.length > 0 ? errors.slice(-20).join('\n') : text.slice(-4000);
}

export class ControlPlane {
  /** Starts etcd and kube-apiserver and waits until the server is ready. */
  public static async start(): Promise<ControlPlane> {
    for (const binary of [ETCD, KUBE_APISERVER, KUBECTL]) {
      if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: run bash test/tools/build-apiserver.sh (npm test's pretest step runs it).`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivemq-apiserver-'));
    const plane = new ControlPlane(dir);
    try {
      await plane.boot();
    } catch (error) {
      await plane.stop();
      throw error;
    }
    return plane;
  }

  public readonly kubeconfig: string;
  private readonly processes: Array<{ name: string; child: ChildProcess; log: string }> = [];

  private constructor(public readonly dir: string) {
    this.kubeconfig = path.join(dir, 'kubeconfig');
  }

  private launch(name: string, binary: string, args: string[]): void {
    const log = path.join(this.dir, `${name}.log`);
    const out = fs.openSync(log, 'w');
    const child = spawn(binary, args, { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.processes.push({ name, child, log });
    // Should the test process end without afterAll (a crash, a killed worker), the servers end with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
  }

  private async boot(): Promise<void> {
    makeCertificates(this.dir);
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    this.launch('etcd', ETCD, [
      `--data-dir=${path.join(this.dir, 'etcd')}`, `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=default=${peerUrl}`,
      // A throw-away store: no fsync keeps the test fast.
      '--unsafe-no-fsync',
    ]);
    const file = (name: string) => path.join(this.dir, name);
    this.launch('kube-apiserver', KUBE_APISERVER, [
      '--advertise-address=127.0.0.1', '--bind-address=127.0.0.1', `--secure-port=${securePort}`, `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${file('certs')}`, `--tls-cert-file=${file('serving.crt')}`, `--tls-private-key-file=${file('serving.key')}`,
      `--client-ca-file=${file('ca.crt')}`, '--authorization-mode=RBAC', '--disable-admission-plugins=ServiceAccount',
      '--service-cluster-ip-range=10.0.0.0/24', '--allow-privileged=true',
      // The `kubernetes` Service's endpoint reconciler refuses a loopback advertise address (since 1.37: "may not be in
      // the loopback range"); nothing here uses that Service.
      '--endpoint-reconciler-type=none',
      `--service-account-issuer=https://127.0.0.1:${securePort}/`, `--service-account-key-file=${file('sa.pub')}`,
      `--service-account-signing-key-file=${file('sa.key')}`,
    ]);
    fs.writeFileSync(this.kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: test',
      `clusters: [{ name: test, cluster: { server: 'https://127.0.0.1:${securePort}', certificate-authority: '${file('ca.crt')}' } }]`,
      `users: [{ name: admin, user: { client-certificate: '${file('admin.crt')}', client-key: '${file('admin.key')}' } }]`,
      'contexts: [{ name: test, context: { cluster: test, user: admin } }]', '',
    ].join('\n'));
    const deadline = Date.now() + 90_000;
    for (;;) {
      const exited = this.processes.find((p) => p.child.exitCode !== null);
      if (exited) throw new Error(`${exited.name} exited with ${exited.child.exitCode}:\n${errorLines(exited.log)}`);
      if (this.kubectl(['get', '--raw', '/readyz']).stdout.trim() === 'ok') return;
      if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after 90 s:\n${errorLines(this.processes[1].log)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Runs kubectl against this server; never throws on a non-zero exit (the caller asserts on it). */
  public kubectl(args: string[], input?: string): KubectlResult {
    // --cache-dir: kubectl's discovery and HTTP caches stay in this run's folder instead of ~/.kube/cache.
    const result: SpawnSyncReturns<string> = spawnSync(KUBECTL, [`--kubeconfig=${this.kubeconfig}`,
      `--cache-dir=${path.join(this.dir, 'kube-cache')}`, ...args], {
      encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Like kubectl(), but throws with kubectl's output when it fails. */
  public kubectlOk(args: string[], input?: string): string {
    const result = this.kubectl(args, input);
    if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
    return result.stdout;
  }

  /** Stops kube-apiserver, then etcd, and removes every file of this run. */
  public async stop(): Promise<void> {
    for (const { child } of [...this.processes].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
