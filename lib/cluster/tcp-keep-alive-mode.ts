/** How the TCP keep-alive values reach the pod's network namespace. */
export enum TcpKeepAliveMode {
  /** `securityContext.sysctls`: "safe" and allowed by Pod Security restricted from Kubernetes 1.29. */
  POD_SYSCTLS = 'pod-sysctls',
  /**
   * OUTSIDE POD SECURITY "RESTRICTED": a privileged init container runs `sysctl -w` in the pod's network namespace, for
   * clusters older than 1.29 whose kubelets reject the sysctls. The namespace needs the "privileged" Pod Security level.
   */
  PRIVILEGED_INIT_CONTAINER = 'privileged-init-container',
}
