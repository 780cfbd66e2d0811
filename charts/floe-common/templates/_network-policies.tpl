{{/*
Network policies: everything of the release is denied by default, in and out;
each component is then allowed exactly the flows it needs. Flows to services
that may live outside the namespace (the store when external, the platform
namespace's collector, lineage and catalog, the Kubernetes API, compute and
object storage) are allowed by port.
*/}}
{{/* Metadata and pod selector of one policy; args: dict "root" $ "name" "x" "component" "y" ("" = every pod of the release) */}}
{{- define "floe.networkPolicy.head" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .name }}
  labels:
    {{- include "floe.labels" (dict "root" .root "component" "network-policy") | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- if .component }}
      app.kubernetes.io/component: {{ .component }}
      {{- else }}
      app.kubernetes.io/instance: {{ .root.Release.Name }}
      {{- end }}
{{- end -}}

{{/* `from` peers allowed to reach the user-facing ports (UI, API). */}}
{{- define "floe.networkPolicy.userPeers" -}}
{{- if .Values.networkPolicy.ingressFrom }}
from:
  {{- toYaml .Values.networkPolicy.ingressFrom | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "floe.networkPolicy.egressPorts" -}}
- ports:
  {{- range . }}
    - port: {{ . }}
      protocol: TCP
  {{- end }}
{{- end -}}

{{- define "floe-common.networkPolicies.orchestrator" -}}
{{- if .Values.networkPolicy.enabled }}
{{- $np := .Values.networkPolicy -}}
{{- $store := list (include "floe.postgresql.port" . | int) -}}
{{- $telemetry := list 4317 4318 5000 8181 -}}
{{ include "floe.networkPolicy.head" (dict "root" . "name" "default-deny" "component" "") }}
  policyTypes: [Ingress, Egress]
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "allow-dns" "component" "") }}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
{{- if .Values.orchestrator.enabled }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "orchestrator-webserver" "component" "orchestrator-webserver") }}
  policyTypes: [Ingress, Egress]
  ingress:
    - ports:
        - port: {{ .Values.orchestrator.webserver.port }}
          protocol: TCP
      {{- include "floe.networkPolicy.userPeers" . | nindent 6 }}
  egress:
    {{- include "floe.networkPolicy.egressPorts" (concat $store $telemetry) | nindent 4 }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "orchestrator-daemon" "component" "orchestrator-daemon") }}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress:
    {{- include "floe.networkPolicy.egressPorts" (concat $store $telemetry $np.kubernetesApiPorts) | nindent 4 }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "orchestrator-migration" "component" "orchestrator-migration") }}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress:
    {{- include "floe.networkPolicy.egressPorts" $store | nindent 4 }}
---
{{/* Pipeline jobs (launched by the daemon, or by the floe-jobs chart) carry app.kubernetes.io/component: pipeline-job. */}}
{{ include "floe.networkPolicy.head" (dict "root" . "name" "pipeline-job" "component" "pipeline-job") }}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress:
    {{- include "floe.networkPolicy.egressPorts" (concat $store $telemetry $np.pipelineJobEgressPorts) | nindent 4 }}
{{- end }}
{{- if .Values.postgresql.enabled }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "postgresql" "component" "postgresql") }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {}
      ports:
        - port: 5432
          protocol: TCP
  egress: []
{{- end }}
{{- if .Values.semantic.enabled }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "cube" "component" "cube") }}
  policyTypes: [Ingress, Egress]
  ingress:
    - ports:
        - port: 4000
          protocol: TCP
      {{- include "floe.networkPolicy.userPeers" . | nindent 6 }}
  egress:
    {{- include "floe.networkPolicy.egressPorts" (concat (list 6379 8181) $np.pipelineJobEgressPorts $store) | nindent 4 }}
---
{{ include "floe.networkPolicy.head" (dict "root" . "name" "redis" "component" "redis") }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/component: cube
      ports:
        - port: 6379
          protocol: TCP
  egress: []
{{- end }}
{{- end }}
{{- end -}}
