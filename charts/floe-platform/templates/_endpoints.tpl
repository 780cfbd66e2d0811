{{/* In the platform namespace the shared services are this release's own (unless the values point elsewhere). */}}
{{- define "floe.endpoint.otlpHttp" -}}
{{- if .Values.global.observability.otlpEndpoint -}}
{{- .Values.global.observability.otlpEndpoint -}}
{{- else if .Values.otelCollector.enabled -}}
{{- printf "http://otel-collector.%s.svc.cluster.local:4318" .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{- define "floe.endpoint.lineage" -}}
{{- if .Values.global.observability.lineageEndpoint -}}
{{- .Values.global.observability.lineageEndpoint -}}
{{- else if .Values.lineage.enabled -}}
{{- printf "http://marquez.%s.svc.cluster.local:5000" .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{- define "floe.endpoint.catalog" -}}
{{- if .Values.catalog.enabled -}}
{{- printf "polaris.%s.svc.cluster.local" .Release.Namespace -}}
{{- end -}}
{{- end -}}
