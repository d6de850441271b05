/** The prometheus-operator PrometheusRule with the cluster's alerts, when requested. */
import { PrometheusRuleProps, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import type { ClusterModel } from '../model/cluster-model';
import { sideAnnotations } from '../render/object-metadata';

export function renderPrometheusRule(model: ClusterModel): PrometheusRuleProps | undefined {
  const alerts = model.monitoring?.alerts;
  if (!alerts) return undefined;
  return {
    metadata: {
      name: `${model.metadata.name}-alerts`, labels: { ...model.metadata.labels, ...alerts.ruleLabels }, annotations: sideAnnotations(model),
    },
    spec: {
      groups: [{
        name: `hivemq-${model.metadata.name}`,
        rules: alerts.rules.map((rule) => ({
          alert: rule.alert,
          expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
          for: rule.for,
          labels: { severity: rule.severity, ...alerts.staticLabels },
          annotations: { summary: rule.summary, description: rule.description },
        })),
      }],
    },
  };
}
