{{/*
Names and labels. Service names are fixed (orchestrator, postgresql, polaris,
otel-collector, marquez, …) so other namespaces find them by DNS
(`<service>.<namespace>.svc.cluster.local`): one release per namespace.
*/}}
{{- define "floe.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; args: dict "root" $ "component" "orchestrator-webserver" */}}
{{- define "floe.labels" -}}
helm.sh/chart: {{ include "floe.chart" .root }}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: floe
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
floe.dev/environment: {{ .root.Values.environment }}
{{- end -}}

{{/* The labels a selector matches on; same args. */}}
{{- define "floe.selectorLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* image: dict "repository" "tag" [, "pullPolicy"]; the floe image's tag defaults to appVersion. */}}
{{- define "floe.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{- define "floe.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}
