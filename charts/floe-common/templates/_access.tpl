{{/*
Identities and permissions. The daemon's run launcher creates, watches and
deletes Jobs, reads their pods and pod logs, and (ha) holds a Lease; nothing
else has a token mounted.
*/}}
{{- define "floe-common.serviceAccounts" -}}
{{- range $name := list "orchestrator-webserver" "orchestrator-daemon" "floe-pipeline-job" "floe-services" }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  labels:
    {{- include "floe.labels" (dict "root" $ "component" $name) | nindent 4 }}
automountServiceAccountToken: {{ eq $name "orchestrator-daemon" }}
{{- end }}
{{- end -}}

{{- define "floe-common.launcherRbac" -}}
{{- $c := dict "root" . "component" "orchestrator-daemon" -}}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: floe-run-launcher
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
rules:
  - apiGroups: [batch]
    resources: [jobs]
    verbs: [create, get, list, watch, delete]
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [pods/log]
    verbs: [get]
  {{- if eq .Values.orchestrator.daemon.mode "ha" }}
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, list, watch, create, update, patch]
  {{- end }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: floe-run-launcher
  labels:
    {{- include "floe.labels" $c | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: floe-run-launcher
subjects:
  - kind: ServiceAccount
    name: orchestrator-daemon
    namespace: {{ .Release.Namespace }}
{{- end -}}
