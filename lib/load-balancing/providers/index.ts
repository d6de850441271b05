// The load balancer providers. Importing this file registers them, in this order (the order messages list them in);
// a new provider is one file here and one line below.
export * from './aws-nlb';
export * from './azure';
export * from './gke';
export * from './generic';
